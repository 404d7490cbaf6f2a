package io.github.agentstrace.otlp;

import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP JSON ({@code application/json}): the proto3 JSON mapping with OTLP's own rules — ids as lowercase
 * hex (not base64), lowerCamelCase keys, 64-bit integers as decimal strings, enums as integers, and
 * default values left out.
 */
final class JsonEncoding implements Encoding {
    private static final byte[] SEPARATOR = {','};

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public byte[] span(Span s) {
        return Json.write(spanObject(s)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] request(Resource r, List<byte[]> spans) {
        byte[] head = ("{\"resourceSpans\":[{\"resource\":" + Json.write(resourceObject(r))
                + ",\"scopeSpans\":[{\"scope\":" + Json.write(scopeObject(r)) + ",\"spans\":[")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = "]}]}]}".getBytes(StandardCharsets.UTF_8);
        long total = head.length + tail.length + Math.max(0, spans.size() - 1);
        for (byte[] s : spans) {
            total += s.length;
        }
        byte[] out = new byte[Math.toIntExact(total)];
        int pos = 0;
        System.arraycopy(head, 0, out, pos, head.length);
        pos += head.length;
        for (int i = 0; i < spans.size(); i++) {
            if (i > 0) {
                out[pos++] = SEPARATOR[0];
            }
            byte[] s = spans.get(i);
            System.arraycopy(s, 0, out, pos, s.length);
            pos += s.length;
        }
        System.arraycopy(tail, 0, out, pos, tail.length);
        return out;
    }

    @Override
    public int overhead(Resource r, int spanCount, long spanBytes) {
        return spanCount + Json.write(resourceObject(r)).length() * 2 + Json.write(scopeObject(r)).length() * 2 + 80;
    }

    /**
     * Writes one whole request, pretty-printed, span by span as the mapping produces them: what
     * {@code export --format otlp} prints when there is no endpoint. Call {@link PrettyWriter#span} for each
     * span, then {@link PrettyWriter#end}.
     */
    static PrettyWriter pretty(Resource r, Appendable out) throws IOException {
        return new PrettyWriter(r, out);
    }

    /** Streams a pretty-printed request; only the current span is ever in memory. */
    static final class PrettyWriter {
        private final Appendable out;
        private boolean first = true;
        private int lastLength = 1024;

        private PrettyWriter(Resource r, Appendable out) throws IOException {
            this.out = out;
            out.append("{\n  \"resourceSpans\": [\n    {\n      \"resource\": ")
                    .append(indent(Json.writePretty(resourceObject(r)), 3))
                    .append(",\n      \"scopeSpans\": [\n        {\n          \"scope\": ")
                    .append(indent(Json.writePretty(scopeObject(r)), 5))
                    .append(",\n          \"spans\": [");
        }

        void span(Span s) throws IOException {
            // Written at its depth in one go into a builder sized after the previous span: no re-indenting copy
            // of the text and no doubling of a small builder.
            StringBuilder sb = new StringBuilder(lastLength + (lastLength >> 2));
            sb.append(first ? "\n            " : ",\n            ");
            first = false;
            Json.write(spanObject(s), Json.Style.PRETTY, 6, sb);
            lastLength = sb.length();
            out.append(sb);
        }

        void end() throws IOException {
            out.append(first ? "]\n" : "\n          ]\n").append("        }\n      ]\n    }\n  ]\n}\n");
        }

        private static String indent(String pretty, int levels) {
            return pretty.replace("\n", "\n" + "  ".repeat(levels));
        }
    }

    static Map<String, Object> resourceObject(Resource r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attributes", keyValues(r.attributes()));
        return m;
    }

    static Map<String, Object> scopeObject(Resource r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.scopeName());
        if (r.scopeVersion() != null && !r.scopeVersion().isEmpty()) {
            m.put("version", r.scopeVersion());
        }
        return m;
    }

    static Map<String, Object> spanObject(Span s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("traceId", SpanIds.hex(s.traceId()));
        m.put("spanId", SpanIds.hex(s.spanId()));
        if (s.parentSpanId() != null) {
            m.put("parentSpanId", SpanIds.hex(s.parentSpanId()));
        }
        m.put("name", s.name());
        m.put("kind", s.kind());
        m.put("startTimeUnixNano", Long.toUnsignedString(s.startUnixNano()));
        m.put("endTimeUnixNano", Long.toUnsignedString(s.endUnixNano()));
        if (!s.attributes().isEmpty()) {
            m.put("attributes", keyValues(s.attributes()));
        }
        if (s.droppedAttributes() > 0) {
            m.put("droppedAttributesCount", s.droppedAttributes());
        }
        if (!s.events().isEmpty()) {
            List<Object> events = new ArrayList<>(s.events().size());
            for (SpanEvent e : s.events()) {
                Map<String, Object> em = new LinkedHashMap<>();
                em.put("timeUnixNano", Long.toUnsignedString(e.timeUnixNano()));
                em.put("name", e.name());
                if (!e.attributes().isEmpty()) {
                    em.put("attributes", keyValues(e.attributes()));
                }
                if (e.droppedAttributes() > 0) {
                    em.put("droppedAttributesCount", e.droppedAttributes());
                }
                events.add(em);
            }
            m.put("events", events);
        }
        if (s.droppedEvents() > 0) {
            m.put("droppedEventsCount", s.droppedEvents());
        }
        if (s.statusCode() != Span.STATUS_UNSET || s.statusMessage() != null) {
            Map<String, Object> st = new LinkedHashMap<>();
            if (s.statusMessage() != null && !s.statusMessage().isEmpty()) {
                st.put("message", s.statusMessage());
            }
            if (s.statusCode() != 0) {
                st.put("code", s.statusCode());
            }
            m.put("status", st);
        }
        return m;
    }

    private static List<Object> keyValues(List<KeyValue> kvs) {
        List<Object> out = new ArrayList<>(kvs.size());
        for (KeyValue kv : kvs) {
            Map<String, Object> m = new LinkedHashMap<>(2);
            m.put("key", kv.key());
            m.put("value", anyValue(kv.value()));
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> anyValue(Object v) {
        Map<String, Object> m = new LinkedHashMap<>(1);
        if (v instanceof Boolean b) {
            m.put("boolValue", b);
        } else if (v instanceof Long l) {
            m.put("intValue", Long.toString(l));
        } else if (v instanceof Double d) {
            // JSON has no NaN or infinities; the proto3 mapping spells them as strings.
            m.put("doubleValue", d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : d);
        } else if (v instanceof List<?> list) {
            List<Object> values = new ArrayList<>(list.size());
            for (Object item : list) {
                values.add(anyValue(item));
            }
            m.put("arrayValue", Map.of("values", values));
        } else {
            m.put("stringValue", String.valueOf(v));
        }
        return m;
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
