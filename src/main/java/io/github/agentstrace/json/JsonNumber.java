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
        return parseDouble(text);
    }

    /** {@code 10^k} for k = 0..18, exact in a long. */
    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L,
            10_000_000_000_000L, 100_000_000_000_000L, 1_000_000_000_000_000L, 10_000_000_000_000_000L,
            100_000_000_000_000_000L, 1_000_000_000_000_000_000L};

    /**
     * {@link Double#parseDouble}, bit for bit, with a shortcut for what traces hold: timestamps and durations of
     * 16 or 17 digits with a fraction and no exponent, read once per event (the JDK's parser is the largest
     * cost of reading a session after the JSON itself).
     *
     * <p>For at most 18 digits {@code m} and {@code k} decimals the value is {@code m / 10^k}. With
     * {@code m < 2^53} both are exact doubles and one division rounds correctly (Clinger's fast path).
     * Otherwise a candidate {@code q = M * 2^e} from the same division is checked exactly, in 128-bit integers:
     * it is the correctly rounded value when {@code |m * 2^-e - M * 10^k| < 10^k / 2}, i.e. the true value
     * lies within half a unit in the last place of {@code q}; else its neighbour on the side of the difference
     * is checked the same way. Ties, exponents, more digits and values whose unit in the last place is not
     * between {@code 2^-63} and 1 go to the JDK.
     */
    static double parseDouble(String text) {
        int n = text.length();
        int i = 0;
        boolean negative = n > 0 && text.charAt(0) == '-';
        if (negative) {
            i++;
        }
        long m = 0;
        int digits = 0;
        int decimals = -1; // -1 until the point
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    return Double.parseDouble(text);
                }
                m = m * 10 + (c - '0');
                if (decimals >= 0) {
                    decimals++;
                }
            } else if (c == '.' && decimals < 0) {
                decimals = 0;
            } else {
                return Double.parseDouble(text); // an exponent, or not a plain decimal
            }
        }
        if (digits == 0) {
            return Double.parseDouble(text);
        }
        int k = Math.max(0, decimals);
        double q;
        if (m < 1L << 53) {
            q = (double) m / POW10[k];
        } else {
            q = checked(m, k, (double) m / POW10[k]);
            if (Double.isNaN(q)) {
                return Double.parseDouble(text);
            }
        }
        return negative ? -q : q;
    }

    /** {@code q} or a neighbour when one is {@code m / 10^k} correctly rounded (see above); NaN when unsure. */
    private static double checked(long m, int k, double q) {
        for (int attempt = 0; attempt < 2; attempt++) {
            long bits = Double.doubleToRawLongBits(q);
            int exponent = (int) (bits >>> 52) & 0x7ff;
            int shift = 1075 - exponent; // q = M * 2^-shift
            if (exponent == 0 || k == 0 || shift < 1 || shift > 63) {
                return Double.NaN;
            }
            long mantissa = (bits & ((1L << 52) - 1)) | 1L << 52;
            long p = POW10[k];
            // a = m * 2^shift (m < 10^18 < 2^60), b = M * 10^k (< 2^113); d = a - b, 128 bits.
            long aHigh = m >>> (64 - shift);
            long aLow = m << shift;
            long bHigh = Math.multiplyHigh(mantissa, p);
            long bLow = mantissa * p;
            long dLow = aLow - bLow;
            long dHigh = aHigh - bHigh - (Long.compareUnsigned(aLow, bLow) < 0 ? 1 : 0);
            long half = p >> 1; // 10^k / 2, exact for k >= 1
            if (dHigh == 0 && dLow >= 0) {
                if (dLow < half) {
                    return q;
                }
                if (dLow == half) {
                    return Double.NaN; // a tie
                }
                q = Math.nextUp(q);
            } else if (dHigh == -1 && dLow < 0 && dLow != Long.MIN_VALUE) {
                if (mantissa == 1L << 52) {
                    return Double.NaN; // below a power of two the gap is half as wide: not this check
                }
                if (-dLow < half) {
                    return q;
                }
                if (-dLow == half) {
                    return Double.NaN;
                }
                q = Math.nextDown(q);
            } else {
                return Double.NaN;
            }
        }
        return Double.NaN;
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
