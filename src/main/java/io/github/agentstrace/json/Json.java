package io.github.agentstrace.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The one JSON codec of agent-strace: RFC 8259 parsing and writing over a plain value model.
 *
 * <p>Values are {@code Map<String,Object>} (insertion-ordered; duplicate keys: the last wins),
 * {@code List<Object>}, {@code String}, {@link JsonNumber} (parsed numbers keep their text), any other
 * {@code Number} when writing, {@code Boolean} and {@code null}. Parsing is bounded to
 * {@value #MAX_DEPTH} levels of nesting; every error is a {@link JsonException} naming line, column and path.
 *
 * <pre>{@code
 * Map<String, Object> event = Json.asObject(Json.parse(line));
 * String compact = Json.write(event);           // {"a":1}
 * String pretty = Json.writePretty(event);      // Python json.dumps(indent=2) layout
 * }</pre>
 */
public final class Json {
    /** Deepest nesting accepted by the parser and the writer. */
    public static final int MAX_DEPTH = 512;

    /** Output options: indentation, ASCII-only escaping, and escaping of HTML-significant characters. */
    public record Style(boolean pretty, boolean asciiOnly, boolean htmlSafe) {
        /** Compact UTF-8: no whitespace, non-ASCII characters written as themselves. */
        public static final Style COMPACT = new Style(false, false, false);
        /** Compact, every non-ASCII character as {@code \\uXXXX}: what the on-disk trace format uses. */
        public static final Style COMPACT_ASCII = new Style(false, true, false);
        /** Two-space indent, {@code ": "} after keys (Python's {@code json.dumps(indent=2)} layout). */
        public static final Style PRETTY = new Style(true, false, false);
        /** Pretty and ASCII-only, as the original writes {@code meta.json}. */
        public static final Style PRETTY_ASCII = new Style(true, true, false);
        /** Safe to embed in an HTML {@code <script>} element. */
        public static final Style HTML_SAFE = new Style(false, true, true);
    }

    private Json() {
    }

    /** Parses one complete JSON text. */
    public static Object parse(String text) {
        return new Parser(text, MAX_DEPTH).parseDocument();
    }

    /**
     * Parses the JSON text in the first {@code length} chars of {@code text}, read in place (a reader that decodes
     * line after line into one buffer parses each without a String of it); nothing refers to the array after.
     */
    public static Object parse(char[] text, int length) {
        return new Parser(text, length, MAX_DEPTH).parseDocument();
    }

    /** Parses one complete JSON text with a custom nesting limit. */
    public static Object parse(String text, int maxDepth) {
        return new Parser(text, maxDepth).parseDocument();
    }

    /**
     * Parses UTF-8 bytes; invalid UTF-8 is an error naming the byte offset, not a replacement character.
     * A leading UTF-8 byte order mark is skipped (editors on some platforms add one to meta.json).
     */
    public static Object parse(byte[] utf8) {
        return parse(decodeUtf8(utf8));
    }

    /** Decodes strict UTF-8 (no overlong forms, no encoded surrogates), dropping a leading BOM. */
    public static String decodeUtf8(byte[] utf8) {
        int skip = utf8.length >= 3 && (utf8[0] & 0xff) == 0xEF && (utf8[1] & 0xff) == 0xBB && (utf8[2] & 0xff) == 0xBF ? 3 : 0;
        boolean ascii = true;
        for (int i = skip; i < utf8.length && ascii; i++) {
            ascii = utf8[i] >= 0;
        }
        if (ascii) { // the on-disk format is ASCII-only, so this is the usual case
            return new String(utf8, skip, utf8.length - skip, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(utf8, skip, utf8.length - skip);
        CharBuffer out = CharBuffer.allocate(utf8.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            throw new JsonException("invalid UTF-8 at byte offset " + in.position() + " (byte 0x"
                    + String.format("%02X", utf8[in.position()] & 0xff) + ")");
        }
        return out.flip().toString();
    }

    /** Compact JSON, non-ASCII written as itself. */
    public static String write(Object value) {
        return write(value, Style.COMPACT);
    }

    /** Pretty JSON with a two-space indent. */
    public static String writePretty(Object value) {
        return write(value, Style.PRETTY);
    }

    public static String write(Object value, Style style) {
        StringBuilder sb = new StringBuilder(128);
        new Writer(sb, style).write(value);
        return sb.toString();
    }

    /**
     * Writes a value to any Appendable (a java.io.Writer, a StringBuilder); I/O errors are rethrown as
     * {@link java.io.UncheckedIOException}. The text of one value is built in memory and handed over whole.
     */
    public static void write(Object value, Style style, Appendable out) {
        if (out instanceof StringBuilder sb) {
            new Writer(sb, style).write(value);
            return;
        }
        String text = write(value, style);
        try {
            out.append(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Appends a value as it would appear {@code level} levels deep inside a pretty-printed document: every
     * line after the first shifted by {@code level} indents. For writing the elements of a large pretty
     * array one at a time. Other styles ignore the level.
     */
    public static void write(Object value, Style style, int level, StringBuilder out) {
        new Writer(out, style, level).write(value);
    }

    /** The JSON text of one number, doubles in shortest round-trip form without exponent for usual sizes. */
    public static String formatNumber(Number n) {
        return Writer.formatNumber(n);
    }

    /** The value as a JSON object, or an empty immutable map when it is anything else. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> asObject(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The value as a JSON array, or an empty immutable list when it is anything else. */
    @SuppressWarnings("unchecked")
    public static List<Object> asArray(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** The value if it is a string, else null. */
    public static String asString(Object value) {
        return value instanceof String s ? s : null;
    }

    /**
     * The one readable text of any value: strings as they are, null as the empty string, everything else as
     * compact JSON.
     */
    public static String text(Object value) {
        return value instanceof String s ? s : value == null ? "" : write(value);
    }
}
