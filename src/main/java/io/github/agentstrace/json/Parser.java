package io.github.agentstrace.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent RFC 8259 parser over a String.
 *
 * <p>Recursion is bounded by {@link #maxDepth}, so hostile input fails with a {@link JsonException}
 * instead of a StackOverflowError. The current path is tracked in two small arrays (a key or an index
 * per level) that are only turned into text when an error is reported.
 */
final class Parser {
    // The input as an array: scanning it is markedly faster than String.charAt on every character.
    private final char[] in;
    private final int len;
    private final int maxDepth;
    private int pos;
    private int depth;
    private String[] keys = new String[16];
    private int[] indexes = new int[16];
    private char[] scratch = new char[256];

    Parser(String in, int maxDepth) {
        this(in.toCharArray(), in.length(), maxDepth);
    }

    /** Parses the first {@code len} chars of {@code in}, which it reads in place and never keeps. */
    Parser(char[] in, int len, int maxDepth) {
        this.in = in;
        this.len = len;
        this.maxDepth = maxDepth;
    }

    Object parseDocument() {
        skipWhitespace();
        if (pos >= len) {
            throw error("empty document");
        }
        if (in[pos] == '\uFEFF') {
            throw error("byte order mark (U+FEFF) before the JSON text");
        }
        Object value = readValue();
        skipWhitespace();
        if (pos < len) {
            throw error("unexpected content after the JSON value");
        }
        return value;
    }

    static void requireNumber(String text) {
        Parser p = new Parser(text, 1);
        p.readNumber();
        if (p.pos != text.length() || text.isEmpty()) {
            throw p.error("not a JSON number");
        }
    }

    private Object readValue() {
        if (pos >= len) {
            throw error("unexpected end of input");
        }
        char c = in[pos];
        switch (c) {
            case '{':
                return readObject();
            case '[':
                return readArray();
            case '"':
                return readString();
            case 't':
                expectWord("true");
                return Boolean.TRUE;
            case 'f':
                expectWord("false");
                return Boolean.FALSE;
            case 'n':
                expectWord("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return readNumber();
                }
                throw error("unexpected character " + describe(c));
        }
    }

    private void enter() {
        if (depth >= maxDepth) {
            throw error("nesting deeper than " + maxDepth + " levels");
        }
        depth++;
        if (depth >= keys.length) {
            keys = java.util.Arrays.copyOf(keys, keys.length * 2);
            indexes = java.util.Arrays.copyOf(indexes, indexes.length * 2);
        }
        keys[depth] = null;
        indexes[depth] = -1;
    }

    private Map<String, Object> readObject() {
        enter();
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error(pos >= len ? "unexpected end of input in object" : "expected a string key");
            }
            keys[depth] = null; // an error inside the key belongs to the object, not to the previous member
            String key = readString();
            keys[depth] = key;
            skipWhitespace();
            if (peek() != ':') {
                throw error("expected ':' after object key");
            }
            pos++;
            skipWhitespace();
            map.put(key, readValue());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return map;
            }
            if (c != ',') {
                pos--;
                throw error(pos >= len ? "unexpected end of input in object" : "expected ',' or '}' in object");
            }
        }
    }

    private List<Object> readArray() {
        enter();
        pos++;
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            indexes[depth] = list.size();
            skipWhitespace();
            list.add(readValue());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                depth--;
                return list;
            }
            if (c != ',') {
                pos--;
                throw error(pos >= len ? "unexpected end of input in array" : "expected ',' or ']' in array");
            }
        }
    }

    private String readString() {
        pos++; // opening quote
        int start = pos;
        // Fast path: no escapes, just find the closing quote.
        while (pos < len) {
            char c = in[pos];
            if (c == '"') {
                return new String(in, start, pos++ - start);
            }
            if (c == '\\') {
                break;
            }
            if (c < 0x20) {
                throw error("unescaped control character " + describe(c) + " in string");
            }
            pos++;
        }
        // Escapes: decode into a reusable buffer, copying unescaped runs in bulk. The decoded text is never
        // longer than the rest of the input, which bounds the buffer without growing it piecemeal.
        int n = pos - start;
        char[] buf = buffer(len - start);
        System.arraycopy(in, start, buf, 0, pos - start);
        while (pos < len) {
            int run = pos;
            char c = 0;
            while (pos < len) {
                c = in[pos];
                if (c == '"' || c == '\\' || c < 0x20) {
                    break;
                }
                pos++;
            }
            if (pos > run) {
                buf = ensure(buf, n, pos - run);
                System.arraycopy(in, run, buf, n, pos - run);
                n += pos - run;
            }
            if (pos >= len) {
                break;
            }
            if (c == '"') {
                pos++;
                return new String(buf, 0, n);
            }
            if (c < 0x20) {
                throw error("unescaped control character " + describe(c) + " in string");
            }
            pos++; // the backslash
            if (pos >= len) {
                break;
            }
            char e = in[pos];
            char decoded;
            switch (e) {
                case '"': decoded = '"'; break;
                case '\\': decoded = '\\'; break;
                case '/': decoded = '/'; break;
                case 'b': decoded = '\b'; break;
                case 'f': decoded = '\f'; break;
                case 'n': decoded = '\n'; break;
                case 'r': decoded = '\r'; break;
                case 't': decoded = '\t'; break;
                case 'u': decoded = readHex4(); pos--; break;
                default:
                    throw error("invalid escape \\" + describe(e));
            }
            buf = ensure(buf, n, 1);
            buf[n++] = decoded;
            pos++;
        }
        throw error("unterminated string");
    }

    private char[] buffer(int size) {
        if (scratch.length < size) {
            scratch = new char[Math.max(size, scratch.length * 2)];
        }
        return scratch;
    }

    private char[] ensure(char[] buf, int used, int more) {
        if (used + more <= buf.length) {
            return buf;
        }
        scratch = java.util.Arrays.copyOf(buf, Math.max(used + more, buf.length * 2));
        return scratch;
    }

    private char readHex4() {
        int value = 0;
        for (int i = 1; i <= 4; i++) {
            int p = pos + i;
            if (p >= len) {
                pos = len;
                throw error("unterminated \\u escape");
            }
            int d = JsonBytes.hexDigit(in[p]);
            if (d < 0) {
                pos = p;
                throw error("invalid hex digit in \\u escape");
            }
            value = (value << 4) | d;
        }
        pos += 5;
        return (char) value;
    }

    private JsonNumber readNumber() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        char c = peek();
        if (c == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zero in number");
            }
        } else if (c >= '1' && c <= '9') {
            skipDigits();
        } else {
            throw error("expected a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after the decimal point");
            }
            skipDigits();
        }
        c = peek();
        if (c == 'e' || c == 'E') {
            pos++;
            c = peek();
            if (c == '+' || c == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            skipDigits();
        }
        return new JsonNumber(new String(in, start, pos - start));
    }

    private void skipDigits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void expectWord(String word) {
        if (!startsWith(word)) {
            throw error("unexpected character " + describe(in[pos]));
        }
        pos += word.length();
    }

    private boolean startsWith(String word) {
        if (pos + word.length() > len) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (in[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private char peek() {
        return pos < len ? in[pos] : '\0';
    }

    private void skipWhitespace() {
        while (pos < len) {
            char c = in[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private static String describe(char c) {
        if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
            return String.format("U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    JsonException error(String reason) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(pos, len);
        for (int i = 0; i < end; i++) {
            if (in[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new JsonException(reason, line, end - lineStart + 1, path());
    }

    /** {@code .name} for plain keys, {@code ['any key']} for the rest, so the path reads unambiguously. */
    private static void appendKey(StringBuilder sb, String key) {
        boolean plain = !key.isEmpty();
        for (int i = 0; i < key.length() && plain; i++) {
            char c = key.charAt(i);
            plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        }
        if (plain) {
            sb.append('.').append(key);
            return;
        }
        sb.append("['");
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\'' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append("']");
    }

    private String path() {
        StringBuilder sb = new StringBuilder("$");
        for (int d = 1; d <= depth; d++) {
            if (keys[d] != null) {
                appendKey(sb, keys[d]);
            } else if (indexes[d] >= 0) {
                sb.append('[').append(indexes[d]).append(']');
            }
        }
        return sb.toString();
    }
}
