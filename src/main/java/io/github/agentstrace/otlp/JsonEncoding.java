package io.github.agentstrace.otlp;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP JSON ({@code application/json}): the proto3 JSON mapping with OTLP's own rules — ids as lowercase
 * hex (not base64), lowerCamelCase keys, 64-bit integers as decimal strings, enums as integers, and
 * default values left out. Spans are written field by field into UTF-8 text ({@link Layout}), compact for
 * sending or pretty (Python's {@code json.dumps(indent=2)} layout, as {@link Json#writePretty}) for printing.
 */
final class JsonEncoding implements Encoding {
    private static final byte[] TAIL = "]}]}]}".getBytes(StandardCharsets.UTF_8);

    private Resource overheadOf;
    private int fixedOverhead;

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public SpanWriter spans(SpanSink sink) {
        JsonBytes text = new JsonBytes(1024);
        Layout layout = new Layout(text, false, 0);
        return new Spans(layout) {
            @Override
            public void end(int droppedEvents, int statusCode, String statusMessage) {
                super.end(droppedEvents, statusCode, statusMessage);
                sink.span(text.buffer(), text.size());
                text.reset();
                layout.reset();
            }
        };
    }

    @Override
    public void frame(ProtoBuffer batch, int count, byte[] span, int length) {
        if (count > 0) {
            batch.raw((byte) ',');
        }
        batch.raw(span, length);
    }

    @Override
    public byte[] head(Resource r, long framedBytes) {
        JsonBytes text = new JsonBytes(256);
        header(new Layout(text, false, 0), r);
        return java.util.Arrays.copyOf(text.buffer(), text.size());
    }

    @Override
    public byte[] tail() {
        return TAIL.clone();
    }

    @Override
    public int overhead(Resource r, int spanCount, long spanBytes) {
        if (r != overheadOf) {
            // The resource's and the scope's compact JSON, each counted twice: a generous bound, computed once.
            JsonBytes sb = new JsonBytes(256);
            Layout l = new Layout(sb, false, 0);
            l.beginObject();
            l.key("attributes");
            l.beginArray();
            for (KeyValue kv : r.attributes()) {
                keyValue(l, kv.key(), kv.value());
            }
            l.endArray();
            l.endObject();
            int resource = sb.size();
            sb.reset();
            l.reset();
            l.beginObject();
            l.key("name");
            l.string(r.scopeName());
            if (r.scopeVersion() != null && !r.scopeVersion().isEmpty()) {
                l.key("version");
                l.string(r.scopeVersion());
            }
            l.endObject();
            fixedOverhead = resource * 2 + sb.size() * 2 + 80;
            overheadOf = r;
        }
        return spanCount + fixedOverhead;
    }

    /** The request up to the opening of its span array: resource, scope, {@code "spans": [}. */
    private static void header(Layout l, Resource r) {
        l.beginObject();
        l.key("resourceSpans");
        l.beginArray();
        l.element();
        l.beginObject();
        l.key("resource");
        l.beginObject();
        l.key("attributes");
        l.beginArray();
        for (KeyValue kv : r.attributes()) {
            keyValue(l, kv.key(), kv.value());
        }
        l.endArray();
        l.endObject();
        l.key("scopeSpans");
        l.beginArray();
        l.element();
        l.beginObject();
        l.key("scope");
        l.beginObject();
        l.key("name");
        l.string(r.scopeName());
        if (r.scopeVersion() != null && !r.scopeVersion().isEmpty()) {
            l.key("version");
            l.string(r.scopeVersion());
        }
        l.endObject();
        l.key("spans");
        l.beginArray();
    }

    /** Where printed text goes, in pieces of whole spans (so each piece is complete UTF-8). */
    interface Chunks {
        void write(byte[] utf8, int length) throws IOException;
    }

    /**
     * Writes one whole request, pretty-printed, span by span as the mapping produces them: what
     * {@code export --format otlp} prints when there is no endpoint. Write the spans into
     * {@link PrettyWriter#spans()}, then call {@link PrettyWriter#end}.
     */
    static PrettyWriter pretty(Resource r, Chunks out) {
        return new PrettyWriter(r, out);
    }

    /** Streams a pretty-printed request; the text goes out in chunks, never more than a span past a chunk. */
    static final class PrettyWriter {
        private static final int CHUNK = 1 << 16;
        private final Chunks out;
        private final JsonBytes text = new JsonBytes(CHUNK + (CHUNK >> 1));
        private final Layout layout = new Layout(text, true, 0);
        private final SpanWriter spans;

        private PrettyWriter(Resource r, Chunks out) {
            this.out = out;
            header(layout, r);
            spans = new Spans(layout) {
                @Override
                public void begin(byte[] traceId, byte[] spanId, byte[] parentSpanId, String name, int kind,
                                  long startUnixNano, long endUnixNano) {
                    layout.element();
                    super.begin(traceId, spanId, parentSpanId, name, kind, startUnixNano, endUnixNano);
                }

                @Override
                public void end(int droppedEvents, int statusCode, String statusMessage) {
                    super.end(droppedEvents, statusCode, statusMessage);
                    if (text.size() >= CHUNK) {
                        flush();
                    }
                }
            };
        }

        /** Where the spans go; an I/O error of the output is thrown as an {@link UncheckedIOException}. */
        SpanWriter spans() {
            return spans;
        }

        private void flush() {
            try {
                out.write(text.buffer(), text.size());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            text.reset();
        }

        /** Closes the request and writes what is left of it. */
        void end() {
            layout.endArray();
            layout.endObject();
            layout.endArray();
            layout.endObject();
            layout.endArray();
            layout.endObject();
            text.ascii('\n');
            flush();
        }
    }

    /** Writes spans as OTLP JSON span objects into a layout; subclasses say what happens around each. */
    private static class Spans implements SpanWriter {
        private final Layout l;
        private boolean attributes;
        private boolean events;

        Spans(Layout l) {
            this.l = l;
        }

        @Override
        public void begin(byte[] traceId, byte[] spanId, byte[] parentSpanId, String name, int kind,
                          long startUnixNano, long endUnixNano) {
            l.beginObject();
            l.key("traceId");
            l.hex(traceId);
            l.key("spanId");
            l.hex(spanId);
            if (parentSpanId != null) {
                l.key("parentSpanId");
                l.hex(parentSpanId);
            }
            l.key("name");
            l.string(name);
            l.key("kind");
            l.raw(kind);
            l.key("startTimeUnixNano");
            l.unsigned(startUnixNano);
            l.key("endTimeUnixNano");
            l.unsigned(endUnixNano);
            attributes = false;
            events = false;
        }

        @Override
        public void attribute(String key, Object value) {
            if (!attributes) {
                l.key("attributes");
                l.beginArray();
                attributes = true;
            }
            keyValue(l, key, value);
        }

        @Override
        public void attributesEnd(int dropped) {
            if (attributes) {
                l.endArray();
            }
            if (dropped > 0) {
                l.key("droppedAttributesCount");
                l.raw(dropped);
            }
        }

        @Override
        public void event(long timeUnixNano, String name, List<KeyValue> attributes, int droppedAttributes) {
            if (!events) {
                l.key("events");
                l.beginArray();
                events = true;
            }
            l.element();
            l.beginObject();
            l.key("timeUnixNano");
            l.unsigned(timeUnixNano);
            l.key("name");
            l.string(name);
            if (!attributes.isEmpty()) {
                l.key("attributes");
                l.beginArray();
                for (KeyValue kv : attributes) {
                    keyValue(l, kv.key(), kv.value());
                }
                l.endArray();
            }
            if (droppedAttributes > 0) {
                l.key("droppedAttributesCount");
                l.raw(droppedAttributes);
            }
            l.endObject();
        }

        @Override
        public void end(int droppedEvents, int statusCode, String statusMessage) {
            if (events) {
                l.endArray();
            }
            if (droppedEvents > 0) {
                l.key("droppedEventsCount");
                l.raw(droppedEvents);
            }
            if (statusCode != Span.STATUS_UNSET || statusMessage != null) {
                l.key("status");
                l.beginObject();
                if (statusMessage != null && !statusMessage.isEmpty()) {
                    l.key("message");
                    l.string(statusMessage);
                }
                if (statusCode != 0) {
                    l.key("code");
                    l.raw(statusCode);
                }
                l.endObject();
            }
            l.endObject();
        }
    }
    /** One attribute: {@code {"key": ..., "value": {...}}} as an array element. */
    private static void keyValue(Layout l, String key, Object value) {
        l.element();
        if (!l.scalarAttribute(key, value)) {
            l.beginObject();
            l.key("key");
            l.string(key);
            l.key("value");
            anyValue(l, value);
            l.endObject();
        }
    }

    private static void anyValue(Layout l, Object v) {
        l.beginObject();
        int type = scalarType(v);
        if (type >= 0) {
            l.key(VALUE_KEYS[type]);
            scalar(l, v);
        } else if (v instanceof List<?> list) {
            l.key("arrayValue");
            l.beginObject();
            l.key("values");
            l.beginArray();
            for (Object item : list) {
                l.element();
                anyValue(l, item);
            }
            l.endArray();
            l.endObject();
        } else {
            l.key("stringValue");
            l.string(String.valueOf(v));
        }
        l.endObject();
    }

    /** The keys of the OTLP AnyValue members for {@link #scalarType}'s answers. */
    private static final String[] VALUE_KEYS = {"stringValue", "boolValue", "intValue", "doubleValue"};

    /** 0 for a string, 1 boolean, 2 64-bit integer, 3 double, -1 anything else. */
    private static int scalarType(Object v) {
        if (v instanceof String) {
            return 0;
        }
        if (v instanceof Boolean) {
            return 1;
        }
        if (v instanceof Long) {
            return 2;
        }
        return v instanceof Double ? 3 : -1;
    }

    /** A value of a {@link #scalarType} as its AnyValue member's value. */
    private static void scalar(Layout l, Object v) {
        if (v instanceof String s) {
            l.string(s);
        } else if (v instanceof Boolean b) {
            l.raw(b ? "true" : "false");
        } else if (v instanceof Long n) {
            l.quoted(n);
        } else {
            double d = (Double) v;
            // JSON has no NaN or infinities; the proto3 mapping spells them as strings.
            if (Double.isNaN(d)) {
                l.raw("\"NaN\"");
            } else if (Double.isInfinite(d)) {
                l.raw(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
            } else {
                l.number(d);
            }
        }
    }

    /**
     * JSON laid out by hand into UTF-8 bytes: objects, arrays, keys and commas, with the whitespace of
     * {@link Json#writePretty} (two-space indent, {@code ": "}) or none at all; strings and doubles as
     * {@link Json#write} writes them.
     */
    static final class Layout {
        private static final byte[][] NEWLINES = new byte[32][];

        static {
            for (int i = 0; i < NEWLINES.length; i++) {
                NEWLINES[i] = ("\n" + "  ".repeat(i)).getBytes(StandardCharsets.US_ASCII);
            }
        }

        /** Keys whose laid-out attribute openings are kept, per depth (attribute keys of data can be many). */
        private static final int MAX_KEPT_KEYS = 512;

        private final JsonBytes out;
        private final boolean pretty;
        private final String afterKey;
        private final int base;
        private boolean[] first = new boolean[32];
        private int depth;
        /**
         * Per depth and key, the text of a scalar attribute from its opening brace to its value, one per value
         * type; and per depth, the text after the value. A span has a dozen attributes, each about twenty pieces
         * of punctuation, keys and indentation: laid out once, each is then one copy.
         */
        private final Pieces[] pieces = new Pieces[16];

        /** {@code depth}: levels the layout starts at (indent of the lines it writes in pretty mode). */
        Layout(JsonBytes out, boolean pretty, int depth) {
            this.out = out;
            this.pretty = pretty;
            this.afterKey = pretty ? "\": " : "\":";
            this.base = depth;
            this.depth = depth;
        }

        void reset() {
            depth = base;
        }

        /**
         * After {@link #element()}: writes {@code {"key": key, "value": {"<type>Value": value}}} when the value is
         * a string, boolean, long or double, exactly as the layout calls would, and says whether it did.
         */
        boolean scalarAttribute(String key, Object value) {
            int type = scalarType(value);
            if (type < 0 || depth >= pieces.length) {
                return false;
            }
            Pieces p = pieces[depth];
            if (p == null) {
                p = pieces[depth] = new Pieces(closing(pretty, depth));
            }
            byte[][] byType = p.openings.get(key);
            if (byType == null) {
                if (p.openings.size() >= MAX_KEPT_KEYS) {
                    return false;
                }
                byType = new byte[VALUE_KEYS.length][];
                p.openings.put(key, byType);
            }
            byte[] opening = byType[type];
            if (opening == null) {
                Layout l = new Layout(new JsonBytes(64 + key.length() * 6), pretty, depth);
                l.beginObject();
                l.key("key");
                l.string(key);
                l.key("value");
                l.beginObject();
                l.key(VALUE_KEYS[type]);
                opening = byType[type] = l.out.toByteArray();
            }
            out.text(opening);
            scalar(this, value);
            out.text(p.closing);
            return true;
        }

        /** What follows an attribute's value at {@code depth}: the ends of the value object and the attribute. */
        private static byte[] closing(boolean pretty, int depth) {
            Layout l = new Layout(new JsonBytes(64), pretty, depth);
            l.beginObject();
            l.key("key");
            l.beginObject();
            l.key("value");
            l.out.reset();
            l.endObject();
            l.endObject();
            return l.out.toByteArray();
        }

        /** The laid-out pieces of scalar attributes at one depth. */
        private static final class Pieces {
            final Map<String, byte[][]> openings = new HashMap<>();
            final byte[] closing;

            Pieces(byte[] closing) {
                this.closing = closing;
            }
        }

        void beginObject() {
            out.ascii('{');
            open();
        }

        void endObject() {
            close('}');
        }

        void beginArray() {
            out.ascii('[');
            open();
        }

        void endArray() {
            close(']');
        }

        /** The next member's key (plain ASCII, no escaping needed), comma and line break before it as needed. */
        void key(String name) {
            element();
            out.ascii('"').ascii(name).ascii(afterKey);
        }

        /** The comma and line break before the next array element. */
        void element() {
            if (first[depth]) {
                first[depth] = false;
            } else {
                out.ascii(',');
            }
            newline();
        }

        void string(String s) {
            out.string(s);
        }

        void number(double d) {
            out.number(d);
        }

        void raw(String asciiText) {
            out.ascii(asciiText);
        }

        void raw(long n) {
            out.number(n);
        }

        /** A 64-bit integer as a JSON string, as the proto3 mapping writes int64. */
        void quoted(long n) {
            out.ascii('"').number(n).ascii('"');
        }

        /** An unsigned 64-bit integer as a JSON string (fixed64 times). */
        void unsigned(long n) {
            if (n >= 0) {
                quoted(n);
            } else {
                out.ascii('"').ascii(Long.toUnsignedString(n)).ascii('"');
            }
        }

        /** Raw id bytes as a lowercase hex string. */
        void hex(byte[] id) {
            out.hex(id);
        }

        private void open() {
            depth++;
            if (depth == first.length) {
                first = java.util.Arrays.copyOf(first, depth * 2);
            }
            first[depth] = true;
        }

        private void close(char bracket) {
            boolean empty = first[depth];
            depth--;
            if (!empty) {
                newline();
            }
            out.ascii(bracket);
        }

        private void newline() {
            if (pretty) {
                if (depth < NEWLINES.length) {
                    out.text(NEWLINES[depth]);
                } else {
                    out.ascii("\n" + "  ".repeat(depth));
                }
            }
        }
    }

    @Override
    public PartialSuccess partialSuccess(byte[] body) {
        Map<String, Object> top = parse(body);
        Object ps = top.get("partialSuccess");
        if (ps == null) {
            ps = top.get("partial_success");
        }
        if (!(ps instanceof Map<?, ?>)) {
            return null;
        }
        Map<String, Object> m = Json.asObject(ps);
        Long rejected = Attributes.asLong(m.containsKey("rejectedSpans") ? m.get("rejectedSpans") : m.get("rejected_spans"));
        Object msg = m.containsKey("errorMessage") ? m.get("errorMessage") : m.get("error_message");
        return new PartialSuccess(rejected == null ? 0 : rejected, msg == null ? null : Json.text(msg));
    }

    @Override
    public String statusMessage(byte[] body) {
        Object msg = parse(body).get("message");
        return msg == null ? null : Json.text(msg);
    }

    private static Map<String, Object> parse(byte[] body) {
        if (body == null || body.length == 0) {
            return Map.of();
        }
        try {
            return Json.asObject(Json.parse(new String(body, StandardCharsets.UTF_8), 64));
        } catch (RuntimeException notJson) {
            return Map.of();
        }
    }
}
