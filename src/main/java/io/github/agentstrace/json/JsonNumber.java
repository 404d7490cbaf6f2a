package io.github.agentstrace.json;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A number as it was written in a parsed document.
 *
 * <p>Keeping the text means big integers and long decimals survive a parse/write round trip digit for
 * digit, and the cost of converting is paid only by the values somebody reads.
 */
public final class JsonNumber extends Number implements Comparable<JsonNumber> {
    private static final long serialVersionUID = 1L;

    private final String text;

    JsonNumber(String text) {
        this.text = text;
    }

    /** Wraps a text that must be a valid JSON number. */
    public static JsonNumber of(String text) {
        Parser.requireNumber(text);
        return new JsonNumber(text);
    }

    /** True when the literal has no fraction or exponent. */
    public boolean isIntegral() {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                return false;
            }
        }
        return true;
    }

    public BigDecimal bigDecimalValue() {
        return new BigDecimal(text);
    }

    public BigInteger bigIntegerValue() {
        return bigDecimalValue().toBigInteger();
    }

    @Override
    public int intValue() {
        return (int) longValue();
    }

    @Override
    public long longValue() {
        if (isIntegral() && text.length() < 19) {
            return Long.parseLong(text);
        }
        return bigDecimalValue().longValue();
    }

    @Override
    public float floatValue() {
        return (float) doubleValue();
    }

    @Override
    public double doubleValue() {
        return Double.parseDouble(text);
    }

    @Override
    public String toString() {
        return text;
    }

    /** Numeric equality: {@code 1.0} equals {@code 1} and {@code 1e0}. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof JsonNumber n)) {
            return false;
        }
        try {
            return n.bigDecimalValue().compareTo(bigDecimalValue()) == 0;
        } catch (NumberFormatException e) { // an exponent beyond BigDecimal's range: compare the text
            return n.text.equals(text);
        }
    }

    @Override
    public int hashCode() {
        try {
            return bigDecimalValue().stripTrailingZeros().hashCode();
        } catch (NumberFormatException e) {
            return text.hashCode();
        }
    }

    @Override
    public int compareTo(JsonNumber o) {
        return bigDecimalValue().compareTo(o.bigDecimalValue());
    }
}
