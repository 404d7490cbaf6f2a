package io.github.agentstrace.json;

/**
 * A double as Python's {@code repr(float)} writes it: the shortest decimal that reads back as the same
 * double and, when several of that length do, the one closest to it (a tie goes to the even last digit);
 * positional for decimal exponents -4..15 ({@code 1795477017.1730728}, {@code 0.0001}, {@code 3.0}),
 * scientific beyond ({@code 1e+16}, {@code 1.5e-05}).
 *
 * <p>The digits come from the Schubfach algorithm (R. Giulietti, "The Schubfach way to render doubles",
 * 2020): scale the double's rounding interval by a power of ten {@code 10^-k} chosen so that the interval
 * holds at least one integer and at most one multiple of ten; then the shortest decimal is that multiple
 * of ten if it lies inside, else the integer inside nearest to the double. The scaling is one 64x126-bit
 * multiplication per bound, rounded to odd, which keeps every comparison with an even integer exact.
 * No BigDecimal, no parsing, no allocation beyond the caller's buffer. Unlike Java 19+'s
 * {@code Double.toString} (the same algorithm) there is no minimum of two digits: {@code 5e-324}, as
 * Python writes it, not {@code 4.9E-324}.
 */
final class ShortestDecimal {
    /** Room a caller's buffer needs: the longest text (24 chars) plus the digit scratch area behind it. */
    static final int BUFFER = 48;

    private static final int PRECISION = 53;          // significand bits, the hidden one included
    private static final int Q_MIN = -1074;           // exponent of the least significant bit of subnormals
    private static final long C_MIN = 1L << 52;       // the hidden bit
    private static final long MASK_63 = (1L << 63) - 1;
    private static final int DIGITS_AT = BUFFER - 17; // where digits are staged before they are laid out

    private ShortestDecimal() {
    }

    /** The text of a finite double. */
    static String toString(double v) {
        char[] buf = new char[BUFFER];
        return new String(buf, 0, write(v, buf));
    }

    /**
     * Writes a finite double into {@code buf} (at least {@link #BUFFER} chars) from index 0; returns the
     * length. NaN and infinities are the caller's to refuse.
     */
    static int write(double v, char[] buf) {
        long bits = Double.doubleToRawLongBits(v);
        int pos = 0;
        if (bits < 0) {
            buf[pos++] = '-';
        }
        long t = bits & (C_MIN - 1);
        int bq = (int) (bits >>> 52) & 0x7ff;
        if (bq != 0) {
            int q = bq - 1075; // v = c * 2^q
            long c = C_MIN | t;
            if (q < 0 && q > -PRECISION) {
                // An integer below 2^53: its own digits are the shortest (doubles there are at most 1 apart).
                long f = c >> -q;
                if (f << -q == c) {
                    return layout(buf, pos, f, 0);
                }
            }
            // Above a power of two the doubles below are half as far away: the interval is lopsided.
            return toDecimal(buf, pos, q, c, t == 0 && bq > 1);
        }
        if (t != 0) {
            return toDecimal(buf, pos, Q_MIN, t, false);
        }
        buf[pos++] = '0';
        buf[pos++] = '.';
        buf[pos++] = '0';
        return pos;
    }

    /**
     * The shortest, then closest, decimal in the rounding interval of {@code c * 2^q}. Quantities are in
     * quarter units of 2^q so that the interval's bounds are integers: {@code cb} the double, {@code cbl}
     * and {@code cbr} the bounds (half a unit away, a quarter below when {@code lopsided}).
     */
    private static int toDecimal(char[] buf, int pos, int q, long c, boolean lopsided) {
        int out = (int) c & 1; // an odd significand does not own its bounds (ties round to even)
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (lopsided) {
            cbl = cb - 1;
            k = floorLog10ThreeQuartersPow2(q);
        } else {
            cbl = cb - 2;
            k = floorLog10Pow2(q);
        }
        // 10^-k = g * 2^(h - 127 - q) with g of 126 bits; h in [2, 5], so cb << h stays below 2^61.
        int h = q + floorLog2Pow10(-k) + 2;
        long g1 = TenPowers.high(-k);
        long g0 = TenPowers.low(-k);
        long vb = roundToOdd(g1, g0, cb << h);    // 4 * v * 10^-k, sticky in the last bit
        long vbl = roundToOdd(g1, g0, cbl << h);
        long vbr = roundToOdd(g1, g0, cbr << h);
        long s = vb >> 2;                          // floor(v * 10^-k)
        if (s >= 10) {
            // One digit fewer: the multiples of ten around s; at most one of them is inside.
            long sp10 = s / 10 * 10;
            long tp10 = sp10 + 10;
            boolean upin = vbl + out <= sp10 << 2;
            boolean wpin = (tp10 << 2) + out <= vbr;
            if (upin != wpin) {
                return layout(buf, pos, upin ? sp10 : tp10, k);
            }
        }
        boolean uin = vbl + out <= s << 2;
        boolean win = (s + 1 << 2) + out <= vbr;
        if (uin != win) {
            return layout(buf, pos, uin ? s : s + 1, k);
        }
        // Both inside: the closer to v, the even one on a tie.
        long cmp = vb - (s + s + 1 << 1);
        return layout(buf, pos, cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : s + 1, k);
    }

    /**
     * {@code g * cp / 2^127} rounded to odd at a resolution of 2^-63: the integer part, with the lowest bit
     * set when any of the 63 bits after the point is. Bits below 2^-63 are left out on purpose: g is 10^-k
     * rounded up, so a product whose exact value is an integer comes out a hair above it (less than
     * 2^-66 with {@code cp < 2^61}); counting that hair would turn an exact bound or tie into a lean to
     * one side. The scaled values of doubles that are not integers are further than that from one.
     * {@code g = g1 * 2^63 + g0}; all three operands are below 2^63.
     */
    static long roundToOdd(long g1, long g0, long cp) {
        long x0 = g0 * cp;                      // g0 * cp = x1 * 2^64 + x0 (x0 unsigned)
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;                      // g1 * cp = y1 * 2^64 + y0 (y0 unsigned)
        long y1 = Math.multiplyHigh(g1, cp);
        // g * cp = y1 * 2^127 + (y0 >>> 1 + x1) * 2^64 + ((y0 & 1) * 2^63 + x0); z = floor(g * cp / 2^64) - y1 * 2^63
        long rest = ((y0 & 1) << 63) + x0;
        long carry = Long.compareUnsigned(rest, x0) < 0 ? 1 : 0;
        long z = (y0 >>> 1) + x1 + carry;       // below 2^64 as an unsigned number
        return y1 + (z >>> 63) | ((z & MASK_63) != 0 ? 1 : 0);
    }

    /** floor(q * log10(2)), exact over the doubles' exponents (checked against exact arithmetic in the tests). */
    static int floorLog10Pow2(int q) {
        return (int) (q * 661_971_961_083L >> 41);
    }

    /** floor(q * log10(2) + log10(3/4)), exact over the doubles' exponents. */
    static int floorLog10ThreeQuartersPow2(int q) {
        return (int) (q * 661_971_961_083L - 274_743_187_321L >> 41);
    }

    /** floor(e * log2(10)), exact over the powers of ten in {@link TenPowers}. */
    static int floorLog2Pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }

    /** Lays {@code f * 10^e} (f &gt; 0) out as repr does, from {@code pos}; returns the end. */
    private static int layout(char[] buf, int pos, long f, int e) {
        while (f % 10 == 0) {
            f /= 10;
            e++;
        }
        int end = DIGITS_AT + 17;
        int d = end;
        do {
            buf[--d] = (char) ('0' + f % 10);
            f /= 10;
        } while (f != 0);
        int len = end - d;
        int x = e + len - 1; // the decimal exponent of the first digit
        if (x >= 16 || x < -4) {
            buf[pos++] = buf[d];
            if (len > 1) {
                buf[pos++] = '.';
                pos = copy(buf, d + 1, len - 1, pos);
            }
            buf[pos++] = 'e';
            buf[pos++] = x < 0 ? '-' : '+';
            int ax = Math.abs(x);
            if (ax >= 100) {
                buf[pos++] = (char) ('0' + ax / 100);
                ax %= 100;
            }
            buf[pos++] = (char) ('0' + ax / 10);
            buf[pos++] = (char) ('0' + ax % 10);
            return pos;
        }
        if (x < 0) {
            buf[pos++] = '0';
            buf[pos++] = '.';
            for (int i = -1; i > x; i--) {
                buf[pos++] = '0';
            }
            return copy(buf, d, len, pos);
        }
        if (len <= x + 1) {
            pos = copy(buf, d, len, pos);
            for (int i = len; i <= x; i++) {
                buf[pos++] = '0';
            }
            buf[pos++] = '.';
            buf[pos++] = '0';
            return pos;
        }
        pos = copy(buf, d, x + 1, pos);
        buf[pos++] = '.';
        return copy(buf, d + x + 1, len - x - 1, pos);
    }

    private static int copy(char[] buf, int from, int n, int to) {
        System.arraycopy(buf, from, buf, to, n);
        return to + n;
    }
}
