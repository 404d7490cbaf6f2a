package io.github.agentstrace.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both encoders on every value type and edge case, decoded by the official classes. */
class EncodingTest {
    private static final Resource RESOURCE = new Resource(List.of(new KeyValue("service.name", "svc")), "agent-strace", "1.0");

    private static Span span() {
        List<KeyValue> attrs = List.of(
                new KeyValue("s", ""),
                new KeyValue("unicode", "héllo ✓ \uD83D\uDE00"),
                new KeyValue("b", false),
                new KeyValue("neg", -5L),
                new KeyValue("max", Long.MAX_VALUE),
                new KeyValue("d", 1.5),
                new KeyValue("nan", Double.NaN),
                new KeyValue("inf", Double.NEGATIVE_INFINITY),
                new KeyValue("arr", List.of("a", "b")),
                new KeyValue("ints", List.of(1L, 2L)));
        SpanEvent ev = new SpanEvent(1_700_000_000_000_000_001L, "exception",
                List.of(new KeyValue("exception.message", "boom")), 2);
        return new Span(new SpanIds().traceId("t"), new SpanIds().eventSpanId("t", "e"), new SpanIds().rootSpanId("t"), "execute_tool X",
                Span.KIND_CLIENT, 1_700_000_000_000_000_000L, 1_700_000_000_250_000_000L, attrs, 3, List.of(ev), 4,
                Span.STATUS_ERROR, "failed");
    }

    @Test
    void protobufAndJson_decodeToTheSameSpan() {
        Span s = span();
        ProtobufEncoding p = new ProtobufEncoding();
        JsonEncoding j = new JsonEncoding();
        var fromProto = Otlp.fromProtobuf(p.request(RESOURCE, List.of(p.span(s))));
        String json = new String(j.request(RESOURCE, List.of(j.span(s))), StandardCharsets.UTF_8);
        var fromJson = Otlp.fromJson(json);
        assertEquals(fromProto, fromJson);

        // Canonical: the official encoder writes the decoded request back to the same bytes.
        byte[] body = p.request(RESOURCE, List.of(p.span(s)));
        org.junit.jupiter.api.Assertions.assertArrayEquals(fromProto.toByteArray(), body);

        var decoded = Otlp.spans(fromProto).get(0);
        Map<String, AnyValue> a = Otlp.attrs(decoded.getAttributesList());
        assertEquals(AnyValue.ValueCase.STRING_VALUE, a.get("s").getValueCase(), "an empty string is still written");
        assertEquals("héllo ✓ \uD83D\uDE00", a.get("unicode").getStringValue());
        assertEquals(AnyValue.ValueCase.BOOL_VALUE, a.get("b").getValueCase());
        assertEquals(-5L, a.get("neg").getIntValue());
        assertEquals(Long.MAX_VALUE, a.get("max").getIntValue());
        assertEquals(1.5, a.get("d").getDoubleValue());
        assertTrue(Double.isNaN(a.get("nan").getDoubleValue()));
        assertEquals(Double.NEGATIVE_INFINITY, a.get("inf").getDoubleValue());
        assertEquals(List.of("a", "b"), a.get("arr").getArrayValue().getValuesList().stream().map(AnyValue::getStringValue).toList());
        assertEquals(List.of(1L, 2L), a.get("ints").getArrayValue().getValuesList().stream().map(AnyValue::getIntValue).toList());
        assertEquals(3, decoded.getDroppedAttributesCount());
        assertEquals(4, decoded.getDroppedEventsCount());
        assertEquals(2, decoded.getEvents(0).getDroppedAttributesCount());
        assertEquals(1_700_000_000_000_000_001L, decoded.getEvents(0).getTimeUnixNano());
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, decoded.getStatus().getCode());
        assertEquals("failed", decoded.getStatus().getMessage());
        assertEquals("1.0", fromProto.getResourceSpans(0).getScopeSpans(0).getScope().getVersion());

        assertTrue(json.contains("\"intValue\":\"-5\""), "int64 as a string");
        assertTrue(json.contains("\"doubleValue\":\"NaN\""));
        assertTrue(json.contains("\"kind\":3"), "enum as a number");
        assertTrue(json.contains("\"status\":{\"message\":\"failed\",\"code\":2}"));
        assertTrue(json.contains("\"startTimeUnixNano\":\"1700000000000000000\""));
    }

    /**
     * Attribute text is laid out once per key and depth and then copied: the result must be what laying it out
     * every time gives, for keys needing escapes, for more keys than are kept, for span and event attributes.
     */
    @Test
    void json_attributesLaidOutOnceAreTheSameAsLaidOutEachTime() {
        List<KeyValue> attrs = new java.util.ArrayList<>();
        for (int i = 0; i < 700; i++) {
            Object value = switch (i % 5) {
                case 0 -> "v" + i;
                case 1 -> i % 2 == 0;
                case 2 -> (long) -i;
                case 3 -> i / 7.0;
                default -> List.of("x", "y");
            };
            attrs.add(new KeyValue(i % 3 == 0 ? "key \"" + i + "\"\t λ" : "key." + i, value));
        }
        List<SpanEvent> events = List.of(new SpanEvent(5, "e", attrs.subList(0, 40), 0), new SpanEvent(6, "e", attrs, 0));
        StringBuilder pretty = new StringBuilder();
        JsonEncoding.PrettyWriter w = JsonEncoding.pretty(RESOURCE, (utf8, n) -> pretty.append(new String(utf8, 0, n, StandardCharsets.UTF_8)));
        for (int round = 0; round < 3; round++) {
            Span s = new Span(new SpanIds().traceId("t"), new SpanIds().eventSpanId("t", "e" + round), null, "s", Span.KIND_INTERNAL,
                    1, 2, attrs, 0, events, 0, Span.STATUS_UNSET, null);
            s.writeTo(w.spans());
        }
        w.end();
        String text = pretty.toString();
        assertEquals(io.github.agentstrace.json.Json.writePretty(io.github.agentstrace.json.Json.parse(text)) + "\n", text);

        Span s = new Span(new SpanIds().traceId("t"), new SpanIds().eventSpanId("t", "e"), null, "s", Span.KIND_INTERNAL,
                1, 2, attrs, 0, events, 0, Span.STATUS_UNSET, null);
        List<String> compact = new java.util.ArrayList<>();
        SpanWriter sw = new JsonEncoding().spans((utf8, n) -> compact.add(new String(utf8, 0, n, StandardCharsets.UTF_8)));
        s.writeTo(sw);
        s.writeTo(sw); // the second time from what was kept
        assertEquals(compact.get(0), compact.get(1));
        assertEquals(io.github.agentstrace.json.Json.write(io.github.agentstrace.json.Json.parse(compact.get(1))), compact.get(1));
    }

    @Test
    void aRootSpanHasNoParentAndAnUnsetStatusIsLeftOut() {
        Span root = new Span(new SpanIds().traceId("t"), new SpanIds().rootSpanId("t"), null, "invoke_agent", Span.KIND_INTERNAL, 1, 2,
                List.of(), 0, List.of(), 0, Span.STATUS_UNSET, null);
        JsonEncoding j = new JsonEncoding();
        String json = new String(j.span(root), StandardCharsets.UTF_8);
        assertTrue(!json.contains("parentSpanId") && !json.contains("status") && !json.contains("events"), json);
        var decoded = Otlp.spans(Otlp.fromProtobuf(new ProtobufEncoding().request(RESOURCE, List.of(new ProtobufEncoding().span(root))))).get(0);
        assertTrue(decoded.getParentSpanId().isEmpty());
        assertEquals(Status.getDefaultInstance(), decoded.getStatus());
    }

    @Test
    void responses_partialSuccessAndStatusAreRead() {
        byte[] ok = ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(9).setErrorMessage("dropped")).build().toByteArray();
        assertEquals(new Encoding.PartialSuccess(9, "dropped"), new ProtobufEncoding().partialSuccess(ok));
        assertNull(new ProtobufEncoding().partialSuccess(new byte[0]));
        assertNull(new ProtobufEncoding().partialSuccess(new byte[] {(byte) 0xff, (byte) 0xff}), "garbage is not an error");
        assertNull(new JsonEncoding().partialSuccess("{}".getBytes(StandardCharsets.UTF_8)));
        assertNull(new JsonEncoding().partialSuccess("<html>".getBytes(StandardCharsets.UTF_8)));
        assertEquals("bad", new JsonEncoding().statusMessage("{\"code\":3,\"message\":\"bad\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void attributes_capStringsWithoutSplittingSurrogatePairs() {
        String s = "ab\uD83D\uDE00cd";
        assertEquals("ab", Attributes.cap(s, 3), "no room for a marker: the head, whole characters");
        assertEquals(s, Attributes.cap(s, 6));
        String cut = Attributes.cap("ab\uD83D\uDE00".repeat(100), 60);
        assertTrue(cut.length() == 60 || cut.length() == 59, "one less rather than half an emoji: " + cut);
        assertTrue(cut.endsWith(" kept]"), cut);
        assertEquals(42L, Attributes.typed(io.github.agentstrace.json.JsonNumber.of("42"), 10));
        assertEquals(1e30, Attributes.typed(io.github.agentstrace.json.JsonNumber.of("1000000000000000000000000000000"), 10));
    }
}
