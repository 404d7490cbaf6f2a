package io.github.agentstrace.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Serialises the value model (Map, List/Collection, Object[], String, Number, Boolean, null).
 *
 * <p>Pretty output follows Python's {@code json.dumps(indent=2)} layout so that files we write look like
 * the ones the original tool writes; compact output has no spaces at all.
 */
final class Writer {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    // A concrete StringBuilder rather than an Appendable: monomorphic calls and no checked exceptions on
    // the hot path; Json.write(value, style, Appendable) hands the text on in one piece.
    private final StringBuilder out;
    private final Json.Style style;
    private int depth;
    private char[] scratch = new char[256];

    Writer(StringBuilder out, Json.Style style) {
        this.out = out;
        this.style = style;
    }

    void write(Object value) {
        writeValue(value);
    }

    private void writeValue(Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(s);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Number n) {
            out.append(formatNumber(n));
        } else if (value instanceof Map<?, ?> map) {
            writeObject(map);
        } else if (value instanceof Collection<?> list) {
            writeArray(list.iterator(), list.isEmpty());
        } else if (value instanceof Object[] array) {
            writeArray(java.util.Arrays.asList(array).iterator(), array.length == 0);
        } else if (value instanceof Character c) {
            writeString(c.toString());
        } else {
            throw new JsonException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private void writeObject(Map<?, ?> map) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        if (++depth > Json.MAX_DEPTH) {
            throw new JsonException("value nested deeper than " + Json.MAX_DEPTH + " levels (cyclic?)");
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            newline();
            writeString(String.valueOf(e.getKey()));
            out.append(style.pretty() ? ": " : ":");
            writeValue(e.getValue());
        }
        depth--;
        newline();
        out.append('}');
    }

    private void writeArray(Iterator<?> it, boolean empty) {
        if (empty) {
            out.append("[]");
            return;
        }
        if (++depth > Json.MAX_DEPTH) {
            throw new JsonException("value nested deeper than " + Json.MAX_DEPTH + " levels (cyclic?)");
        }
        out.append('[');
        boolean first = true;
        while (it.hasNext()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            newline();
            writeValue(it.next());
        }
        depth--;
        newline();
        out.append(']');
    }

    private void newline() {
        if (style.pretty()) {
            out.append('\n');
            for (int i = 0; i < depth; i++) {
                out.append("  ");
            }
        }
    }

    private void writeString(String s) {
        out.append('"');
        int n = s.length();
        // Scanning a char[] copy is much faster than String.charAt on strings that hold non-Latin-1 text.
        char[] buf = scratch.length >= n ? scratch : (scratch = new char[Math.max(n, scratch.length * 2)]);
        s.getChars(0, n, buf, 0);
        boolean html = style.htmlSafe();
        int runStart = 0;
        for (int i = 0; i < n; i++) {
            char c = buf[i];
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && !(html && isHtmlSpecial(c))) {
                continue;
            }
            if (c >= 0x7f && !needsEscapeAbove7e(buf, n, i, c)) {
                if (Character.isHighSurrogate(c)) {
                    i++; // a valid pair passes through whole
                }
                continue;
            }
            out.append(buf, runStart, i - runStart);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default: unicodeEscape(c);
            }
            runStart = i + 1;
        }
        out.append(buf, runStart, n - runStart);
        out.append('"');
    }

    private boolean needsEscapeAbove7e(char[] s, int n, int i, char c) {
        if (c == 0x7f) {
            return style.asciiOnly(); // Python's ensure_ascii escapes DEL too; byte compatibility needs the same
        }
        if (style.asciiOnly() || c == '\u2028' || c == '\u2029') {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= n || !Character.isLowSurrogate(s[i + 1]);
        }
        return Character.isLowSurrogate(c); // a low surrogate reached here has no high one before it
    }

    private static boolean isHtmlSpecial(char c) {
        return c == '<' || c == '>' || c == '&' || c == '\'' || c == '=';
    }

    private void unicodeEscape(char c) {
        out.append('\\').append('u').append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
    }

    static String formatNumber(Number n) {
        if (n instanceof JsonNumber || n instanceof Integer || n instanceof Long || n instanceof Short
                || n instanceof Byte || n instanceof BigInteger) {
            return n.toString();
        }
        if (n instanceof BigDecimal bd) {
            return bd.toString();
        }
        if (n instanceof Double || n instanceof Float) {
            return formatDouble(n.doubleValue());
        }
        if (n instanceof java.util.concurrent.atomic.AtomicInteger || n instanceof java.util.concurrent.atomic.AtomicLong) {
            return Long.toString(n.longValue());
        }
        return formatDouble(n.doubleValue());
    }

    /**
     * Shortest decimal that reads back as the same double, laid out like Python's {@code repr(float)}:
     * plain notation for exponents -4..15 ({@code 1795477017.1730728}, {@code 0.0001}, {@code 3.0}),
     * scientific beyond ({@code 1e+16}, {@code 1.5e-05}). Among shortest candidates the one closest to
     * the exact binary value wins, as in Python, so both tools write the same bytes for the same double.
     */
    static String formatDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new JsonException("JSON has no representation for " + d);
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        double a = Math.abs(d);
        String s = Double.toString(a);
        // Split Double.toString's output into significant digits and a decimal exponent.
        int ePos = s.indexOf('E');
        String mantissa = ePos < 0 ? s : s.substring(0, ePos);
        int exp = ePos < 0 ? 0 : Integer.parseInt(s.substring(ePos + 1));
        int dot = mantissa.indexOf('.');
        StringBuilder digits = new StringBuilder(mantissa.length());
        digits.append(mantissa, 0, dot).append(mantissa, dot + 1, mantissa.length());
        int pointPos = dot + exp; // digits[0..pointPos) are the integer part
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        digits.delete(0, lead);
        pointPos -= lead;
        String full = stripZeros(digits.toString());
        String sign = d < 0 ? "-" : "";
        if (full.length() <= 15 && a >= Double.MIN_NORMAL) {
            // Distinct decimals of at most 15 significant digits never read back as the same normal double,
            // so a round-tripping one of that size is the only one: shortest and closest. The common case.
            // (Subnormals have fewer significant bits, hence the guard.)
            return sign + layout(full, pointPos - 1);
        }
        // JDK 17's Double.toString sometimes gives a digit too many or a last digit that is not the
        // closest (JDK-4511638), so long outputs are checked. If no decimal one digit shorter reads back
        // (only the two neighbours of the output can, see shortestCandidate), the length is right and the
        // exact value rounded to it is the answer: the usual case for timestamps, without the search.
        int x = pointPos - 1;
        if (full.length() <= 17 && a >= Double.MIN_NORMAL) {
            int n = full.length();
            long shorter = Long.parseLong(full) / 10;
            if (!readsBack(shorter, n - 1, x, a) && !readsBack(shorter + 1, n - 1, x, a)) {
                long q = roundExact(a, n, x);
                if (q > 0) {
                    String qd = Long.toString(q);
                    // A carry (9.99.. -> 10.0..) adds a digit and moves the point one place.
                    return sign + layout(stripZeros(qd), qd.length() > n ? x + 1 : x);
                }
                BigDecimal r = new BigDecimal(a).round(new MathContext(n, RoundingMode.HALF_EVEN));
                if (r.doubleValue() == a) {
                    return sign + layout(r);
                }
            }
        }
        BigDecimal exact = new BigDecimal(a);
        int lo = 1;
        int hi = 17; // 17 significant digits always round-trip
        BigDecimal best = shortestCandidate(exact, a, 17);
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            BigDecimal c = shortestCandidate(exact, a, mid);
            if (c != null) {
                best = c;
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return sign + layout(best);
    }

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /**
     * The exact value of {@code a} rounded half-even to {@code n} significant digits, as an integer of n
     * digits (or 10^n after a carry), where {@code x} is the decimal exponent of the first digit; -1 when
     * the value is outside the range done here in 128-bit arithmetic (then BigDecimal does it). Powers of
     * two are left out too: below them the interval of decimals that read back is half as wide, so the
     * nearest decimal need not read back.
     */
    static long roundExact(double a, int n, int x) {
        long bits = Double.doubleToRawLongBits(a);
        long fraction = bits & 0xfffffffffffffL;
        int biased = (int) ((bits >>> 52) & 0x7ff);
        if (fraction == 0 || biased == 0) {
            return -1;
        }
        long m = fraction | (1L << 52);
        int k = 1075 - biased; // a = m / 2^k
        int s = n - 1 - x;     // the result is round(a * 10^s)
        if (k <= 0 || k >= 128 || s < 0 || s >= POW10.length) {
            return -1;
        }
        long lo = m * POW10[s];
        long hi = Math.multiplyHigh(m, POW10[s]); // both factors are positive and below 2^63
        long q;
        int cmp; // remainder compared with half of 2^k
        if (k < 64) {
            if ((hi >>> k) != 0) {
                return -1;
            }
            q = (hi << (64 - k)) | (lo >>> k);
            long rem = lo & ((1L << k) - 1);
            cmp = Long.compareUnsigned(rem, 1L << (k - 1));
        } else if (k == 64) {
            q = hi;
            cmp = Long.compareUnsigned(lo, 1L << 63);
        } else {
            q = hi >>> (k - 64);
            long remHi = hi & ((1L << (k - 64)) - 1);
            long halfHi = 1L << (k - 65);
            cmp = remHi != halfHi ? Long.compareUnsigned(remHi, halfHi) : (lo == 0 ? 0 : 1);
        }
        if (q < 0) {
            return -1;
        }
        if (cmp > 0 || (cmp == 0 && (q & 1) == 1)) {
            q++;
        }
        return q;
    }

    /** Whether {@code digits × 10^(x - len + 1)} reads back as {@code value}. */
    private static boolean readsBack(long digits, int len, int x, double value) {
        return Double.parseDouble(digits + "e" + (x - len + 1)) == value;
    }

    private static String layout(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        String digits = stripped.unscaledValue().toString();
        return layout(digits, digits.length() - stripped.scale() - 1);
    }

    /**
     * The decimal of {@code len} significant digits closest to {@code exact} that reads back as
     * {@code value}, or null when none of that length does. Only the two neighbours of the exact value can
     * qualify; the nearer is tried first (ties to even), the other matters next to powers of two, where
     * the interval of decimals that read back is lopsided.
     */
    private static BigDecimal shortestCandidate(BigDecimal exact, double value, int len) {
        BigDecimal nearest = exact.round(new MathContext(len, RoundingMode.HALF_EVEN));
        if (nearest.doubleValue() == value) {
            return nearest;
        }
        RoundingMode other = nearest.compareTo(exact) > 0 ? RoundingMode.FLOOR : RoundingMode.CEILING;
        BigDecimal second = exact.round(new MathContext(len, other));
        return second.doubleValue() == value ? second : null;
    }

    private static String stripZeros(String s) {
        int end = s.length();
        while (end > 1 && s.charAt(end - 1) == '0') {
            end--;
        }
        return s.substring(0, end);
    }

    /** digits = d1 d2 d3 ..., value = d1.d2d3... x 10^x. */
    private static String layout(String digits, int x) {
        StringBuilder sb = new StringBuilder(digits.length() + 8);
        if (x >= 16 || x < -4) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(x < 0 ? '-' : '+');
            int ax = Math.abs(x);
            if (ax < 10) {
                sb.append('0');
            }
            return sb.append(ax).toString();
        }
        if (x < 0) {
            sb.append("0.");
            for (int i = -1; i > x; i--) {
                sb.append('0');
            }
            return sb.append(digits).toString();
        }
        if (digits.length() <= x + 1) {
            sb.append(digits);
            for (int i = digits.length(); i <= x; i++) {
                sb.append('0');
            }
            return sb.append(".0").toString();
        }
        return sb.append(digits, 0, x + 1).append('.').append(digits, x + 1, digits.length()).toString();
    }
}
