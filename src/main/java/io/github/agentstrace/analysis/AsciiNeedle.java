package io.github.agentstrace.analysis;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A byte string found in raw bytes with ASCII letters compared without case (other bytes exactly). Candidates
 * are found eight positions at a time (SWAR): a position is one when the needle's rarest byte, or when that is
 * not rare its two rarest bytes (by a table of how common bytes are in trace lines), are where they belong;
 * each candidate is then compared whole.
 * On trace text that seldom holds the needle this reads each byte about twice and compares almost nothing.
 * Also the line scanning {@link Search} needs (the next newline, eight bytes at a time).
 */
final class AsciiNeedle {
    private static final byte[] FOLD = new byte[256];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long CASE = 0x2020202020202020L;
    /** Bytes of trace lines, most common first (JSON punctuation, English letters, digits); others are rare. */
    private static final String COMMON = "\" e:,tao_insrlhdcu0123456789.bfpm{}/gywv-kSTRACEINOLDPx[]jqz";
    /** A byte at most this common ({@link #commonness}) is rare enough to find candidates alone. */
    private static final int RARE = COMMON.length() - COMMON.indexOf('k');

    static {
        for (int i = 0; i < 256; i++) {
            FOLD[i] = (byte) (i >= 'A' && i <= 'Z' ? i + 32 : i);
        }
    }

    private final byte[] folded;
    /**
     * The positions of the two rarest bytes ({@code p1 < p2}), or of the rarest alone ({@code p1 == p2}) when it
     * is rare enough.
     */
    final int p1;
    final int p2;
    /** Those bytes repeated in every lane, and the bit that folds each to lower case when it is a letter. */
    final long b1;
    final long b2;
    final long fold1;
    final long fold2;

    /** @param bytes the needle, at least one byte */
    AsciiNeedle(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty needle");
        }
        folded = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            folded[i] = FOLD[bytes[i] & 0xff];
        }
        int rarest = 0;
        int second = -1;
        for (int i = 1; i < folded.length; i++) {
            if (commonness(folded[i]) < commonness(folded[rarest])) {
                second = rarest;
                rarest = i;
            } else if (second < 0 || commonness(folded[i]) < commonness(folded[second])) {
                second = i;
            }
        }
        if (second < 0 || commonness(folded[rarest]) <= RARE) {
            second = rarest; // one rare byte finds few enough candidates, at half the work
        }
        p1 = Math.min(rarest, second);
        p2 = Math.max(rarest, second);
        b1 = lanes(folded[p1]);
        b2 = lanes(folded[p2]);
        fold1 = isLetter(folded[p1]) ? CASE : 0;
        fold2 = isLetter(folded[p2]) ? CASE : 0;
    }

    private static int commonness(byte b) {
        int at = COMMON.indexOf(b & 0xff);
        return at < 0 ? -1 : COMMON.length() - at; // rare bytes first, then the least common of the table
    }

    private static boolean isLetter(byte b) {
        return b >= 'a' && b <= 'z';
    }


    int length() {
        return folded.length;
    }

    /** How far past a start position {@link #candidates} reads: it reads 8 bytes from {@code start + reach()}. */
    int reach() {
        return p2;
    }

    /**
     * A mask with the high bit of byte {@code j} set when position {@code i + j} may start the needle (its two
     * rarest bytes are there); reads {@code h[i + p1 .. i + p2 + 8)}.
     */
    long candidates(byte[] h, int i) {
        long x = maybeZeroBytes(((long) LONGS.get(h, i + p1) | fold1) ^ b1);
        return p1 == p2 ? x : x & maybeZeroBytes(((long) LONGS.get(h, i + p2) | fold2) ^ b2);
    }

    /**
     * The high bit of each zero byte of {@code x} is set, and perhaps that of a byte 0x01 just above a zero byte
     * (a borrow): cheaper than {@link #zeroBytes}, and exact where no such pair occurs. Its candidates are
     * checked whole, and a newline is never followed by 0x0A ^ 0x01 (a raw vertical tab) in a trace line.
     */
    static long maybeZeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /** The first position in {@code [from, to)} where the needle starts and ends inside the range, or -1. */
    int find(byte[] h, int from, int to) {
        int lastStart = to - folded.length;
        int i = from;
        // For a letter, x | 0x20 equals its lower case exactly when x is that letter in either case.
        while (i + p2 + 8 <= to) {
            long hits = candidates(h, i);
            while (hits != 0) {
                int k = i + (Long.numberOfTrailingZeros(hits) >>> 3);
                if (k <= lastStart && matchesAt(h, k)) {
                    return k;
                }
                hits &= hits - 1;
            }
            i += 8;
        }
        for (; i <= lastStart; i++) {
            if (matchesAt(h, i)) {
                return i;
            }
        }
        return -1;
    }

    /** The high bit of each byte of the result is set exactly where {@code x} has a zero byte. */
    static long zeroBytes(long x) {
        return ~(((x & LOWS) + LOWS) | x | LOWS);
    }

    /** Whether the needle starts at {@code k} (the caller knows it fits before the end of the data). */
    boolean matchesAt(byte[] h, int k) {
        byte[] p = folded;
        for (int j = 0; j < p.length; j++) {
            if (FOLD[h[k + j] & 0xff] != p[j]) {
                return false;
            }
        }
        return true;
    }

    /** Eight bytes at {@code i}, little-endian (byte {@code i} lowest). */
    static long word(byte[] h, int i) {
        return (long) LONGS.get(h, i);
    }

    /** {@code b} in every byte of a long. */
    static long lanes(int b) {
        return (b & 0xffL) * ONES;
    }

    /** The position of the first {@code '\n'} in {@code [from, to)}, or -1; eight bytes a step. */
    static int newline(byte[] h, int from, int to) {
        int i = from;
        int stop = to - 8;
        while (i <= stop) {
            long x = (long) LONGS.get(h, i) ^ NEWLINES;
            long t = (x - ONES) & ~x & HIGHS; // the lowest set byte marks the first zero byte of x exactly
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
            i += 8;
        }
        for (; i < to; i++) {
            if (h[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
