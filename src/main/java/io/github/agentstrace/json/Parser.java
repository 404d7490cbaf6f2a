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
    private final String in;
    private final int maxDepth;
    private int pos;
    private int depth;
    private String[] keys = new String[16];
    private int[] indexes = new int[16];

    Parser(String in, int maxDepth) {
        this.in = in;
        this.maxDepth = maxDepth;
    }

    Object parseDocument() {
        skipWhitespace();
        if (pos >= in.length()) {
            throw error("empty document");
        }
        if (in.charAt(pos) == '\uFEFF') {
            throw error("byte order mark (U+FEFF) before the JSON text");
        }
        Object value = readValue();
        skipWhitespace();
        if (pos < in.length()) {
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
        if (pos >= in.length()) {
            throw error("unexpected end of input");
        }
        char c = in.charAt(pos);
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
                throw error(pos >= in.length() ? "unexpected end of input in object" : "expected a string key");
            }
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
                throw error(pos >= in.length() ? "unexpected end of input in object" : "expected ',' or '}' in object");
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
                throw error(pos >= in.length() ? "unexpected end of input in array" : "expected ',' or ']' in array");
            }
        }
    }

    private String readString() {
        pos++; // opening quote
        int start = pos;
        // Fast path: no escapes, just find the closing quote.
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == '"') {
                return in.substring(start, pos++);
            }
            if (c == '\\') {
                break;
            }
            if (c < 0x20) {
                throw error("unescaped control character " + describe(c) + " in string");
            }
            pos++;
        }
        StringBuilder sb = new StringBuilder(pos - start + 16);
        sb.append(in, start, pos);
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("unescaped control character " + describe(c) + " in string");
            }
            if (c != '\\') {
                sb.append(c);
                pos++;
                continue;
            }
            pos++;
            if (pos >= in.length()) {
                break;
            }
            char e = in.charAt(pos);
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u': sb.append(readHex4()); pos--; break;
                default:
                    throw error("invalid escape \\" + describe(e));
            }
            pos++;
        }
        throw error("unterminated string");
    }

    private char readHex4() {
        int value = 0;
        for (int i = 1; i <= 4; i++) {
            int p = pos + i;
            if (p >= in.length()) {
                pos = in.length();
                throw error("unterminated \\u escape");
            }
            int d = hexDigit(in.charAt(p));
            if (d < 0) {
                pos = p;
                throw error("invalid hex digit in \\u escape");
            }
            value = (value << 4) | d;
        }
        pos += 5;
        return (char) value;
    }

    /** ASCII hex only: Character.digit would also take Arabic-Indic or fullwidth digits. */
    private static int hexDigit(char c) {
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
        return new JsonNumber(in.substring(start, pos));
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
        if (!in.startsWith(word, pos)) {
            throw error("unexpected character " + describe(in.charAt(pos)));
        }
        pos += word.length();
    }

    private char peek() {
        return pos < in.length() ? in.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
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
        int end = Math.min(pos, in.length());
        for (int i = 0; i < end; i++) {
            if (in.charAt(i) == '\n') {
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
