package io.github.agentstrace.json;

import java.math.BigDecimal;
import java.math.BigInteger;
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
    private final int indent; // levels every pretty line is shifted by (not counted against MAX_DEPTH)
    private int depth;
    private char[] scratch = new char[256];

    Writer(StringBuilder out, Json.Style style) {
        this(out, style, 0);
    }

    Writer(StringBuilder out, Json.Style style, int indent) {
        this.out = out;
        this.style = style;
        this.indent = indent;
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
        } else if (value instanceof Double d) {
            writeDouble(d);
        } else if (value instanceof JsonNumber n) {
            out.append(n.toString());
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
            for (int i = depth + indent; i > 0; i--) {
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
        if (runStart == 0) {
            out.append(s); // nothing escaped: one array copy where the chars would each be narrowed again
        } else {
            out.append(buf, runStart, n - runStart);
        }
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

    /** A double straight into the output: event timestamps and durations, so no String in between. */
    private void writeDouble(double d) {
        requireFinite(d);
        char[] buf = scratch; // free between strings, and always longer than ShortestDecimal.BUFFER
        out.append(buf, 0, ShortestDecimal.write(d, buf));
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
     * Python's {@code repr(float)} of a double (see {@link ShortestDecimal}): the shortest decimal that reads
     * back as the same double, so both tools write the same bytes for it.
     */
    static String formatDouble(double d) {
        requireFinite(d);
        return ShortestDecimal.toString(d);
    }

    private static void requireFinite(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new JsonException("JSON has no representation for " + d);
        }
    }
}
