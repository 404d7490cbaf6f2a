package io.github.agentstrace.json;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable buffer of JSON text in UTF-8, for encoders that lay out a known structure themselves (OTLP
 * spans) instead of building maps only to write them: strings are escaped and doubles formatted exactly as
 * {@link Json#write} writes them in its non-ASCII styles ({@link Json.Style#COMPACT}, {@link Json.Style#PRETTY}),
 * and encoded to UTF-8 as they are appended, so the text never exists as chars to be encoded again.
 */
public final class JsonBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf;
    private int size;
    private char[] chars = new char[256];

    public JsonBytes(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public int size() {
        return size;
    }

    /** The backing array; its first {@link #size()} bytes are the text. */
    public byte[] buffer() {
        return buf;
    }

    /** A copy of the text. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Empties the buffer, keeping its capacity. */
    public void reset() {
        size = 0;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    /** Text known to be ASCII and to need no escaping (keys, punctuation, indentation), as it is. */
    public JsonBytes ascii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, size); // deprecated for its loss of the high byte, which ASCII does not have
        size += n;
        return this;
    }

    /** Bytes that are already JSON text in UTF-8 (a piece laid out once and reused), as they are. */
    public JsonBytes text(byte[] utf8) {
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buf, size, utf8.length);
        size += utf8.length;
        return this;
    }

    public JsonBytes ascii(char c) {
        ensure(1);
        buf[size++] = (byte) c;
        return this;
    }

    /** A long in decimal. */
    public JsonBytes number(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return ascii(Long.toString(v));
            }
            ascii('-');
            v = -v;
        }
        ensure(19);
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = size + digits;
        for (int i = end - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        size = end;
        return this;
    }

    /** A finite double in the shortest form that reads back the same ({@link Json#formatNumber}). */
    public JsonBytes number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new JsonException("JSON has no representation for " + d);
        }
        int n = ShortestDecimal.write(d, chars);
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) chars[i];
        }
        return this;
    }

    /** Raw bytes, as hex digits: {@code "0a1b..."} with the quotes. */
    public JsonBytes hex(byte[] bytes) {
        ensure(bytes.length * 2 + 2);
        buf[size++] = '"';
        for (byte b : bytes) {
            buf[size++] = HEX[b >> 4 & 0xf];
            buf[size++] = HEX[b & 0xf];
        }
        buf[size++] = '"';
        return this;
    }

    /** A string literal with its quotes, escaped as {@link Json#write} escapes it, in UTF-8. */
    public JsonBytes string(String s) {
        int n = s.length();
        char[] c = chars.length >= n ? chars : (chars = new char[Math.max(n, chars.length * 2)]);
        s.getChars(0, n, c, 0);
        ensure(n * 6 + 2); // the most a char can take: \\uXXXX
        byte[] b = buf;
        int p = size;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char ch = c[i];
            if (ch < 0x80) {
                if (ch >= 0x20 && ch != '"' && ch != '\\') {
                    b[p++] = (byte) ch; // DEL included: only the ASCII-only styles escape it
                    continue;
                }
                b[p++] = '\\';
                switch (ch) {
                    case '"' -> b[p++] = '"';
                    case '\\' -> b[p++] = '\\';
                    case '\n' -> b[p++] = 'n';
                    case '\r' -> b[p++] = 'r';
                    case '\t' -> b[p++] = 't';
                    case '\b' -> b[p++] = 'b';
                    case '\f' -> b[p++] = 'f';
                    default -> p = unicodeEscape(b, p, ch);
                }
            } else if (ch < 0x800) {
                b[p++] = (byte) (0xc0 | ch >> 6);
                b[p++] = (byte) (0x80 | ch & 0x3f);
            } else if (Character.isSurrogate(ch)) {
                if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(c[i + 1])) {
                    int cp = Character.toCodePoint(ch, c[++i]);
                    b[p++] = (byte) (0xf0 | cp >> 18);
                    b[p++] = (byte) (0x80 | cp >> 12 & 0x3f);
                    b[p++] = (byte) (0x80 | cp >> 6 & 0x3f);
                    b[p++] = (byte) (0x80 | cp & 0x3f);
                } else {
                    b[p++] = '\\';
                    p = unicodeEscape(b, p, ch); // a lone surrogate has no UTF-8 form
                }
            } else if (ch == '\u2028' || ch == '\u2029') {
                b[p++] = '\\';
                p = unicodeEscape(b, p, ch); // line terminators to JavaScript
            } else {
                b[p++] = (byte) (0xe0 | ch >> 12);
                b[p++] = (byte) (0x80 | ch >> 6 & 0x3f);
                b[p++] = (byte) (0x80 | ch & 0x3f);
            }
        }
        b[p++] = '"';
        size = p;
        return this;
    }

    private static int unicodeEscape(byte[] b, int p, char c) {
        b[p++] = 'u';
        b[p++] = HEX[c >> 12 & 0xf];
        b[p++] = HEX[c >> 8 & 0xf];
        b[p++] = HEX[c >> 4 & 0xf];
        b[p++] = HEX[c & 0xf];
        return p;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            long wanted = Math.max((long) buf.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("JSON text too large");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }

    /**
     * The value of one ASCII hex digit of a {@code \\uXXXX} escape, or -1 ({@code Character.digit} would also take
     * Arabic-Indic or fullwidth digits): the one reading of it for the parser and the raw-byte readers.
     */
    public static int hexDigit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
