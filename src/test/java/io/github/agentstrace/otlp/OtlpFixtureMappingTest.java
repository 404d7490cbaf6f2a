package io.github.agentstrace.otlp;

import static io.github.agentstrace.otlp.Otlp.byName;
import static io.github.agentstrace.otlp.Otlp.hex;
import static io.github.agentstrace.otlp.Otlp.integer;
import static io.github.agentstrace.otlp.Otlp.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.export.ExportFixtures;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.store.TraceStore;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The original's fixture sessions through all three encoders, decoded by the official proto classes. */
class OtlpFixtureMappingTest {
    @TempDir
    Path tmp;
    TraceStore store;

    @BeforeEach
    void copy() {
        store = new TraceStore(ExportFixtures.copySessions(tmp.resolve("traces")));
    }

    /** Pretty JSON (print), compact JSON and protobuf (send) of one session; asserts all three agree. */
    private List<Span> decodeAll(String fixture) {
        String id = ExportFixtures.SESSIONS.get(fixture);
        OtlpExport exp = Otlp.exporter(Otlp.settings(null, Map.of()), new ArrayList<>());
        StringBuilder pretty = new StringBuilder();
        exp.print(store, List.of(id), pretty, w -> { throw new AssertionError(w); });
        ExportTraceServiceRequest fromPretty = Otlp.fromJson(pretty.toString());

        List<io.github.agentstrace.otlp.Span> spans = new ArrayList<>();
        exp.map(store, List.of(id), w -> { }, spans::add);
        JsonEncoding json = new JsonEncoding();
        ProtobufEncoding proto = new ProtobufEncoding();
        byte[] jsonBody = json.request(exp.resource(), spans.stream().map(json::span).toList());
        byte[] protoBody = proto.request(exp.resource(), spans.stream().map(proto::span).toList());
        ExportTraceServiceRequest fromJson = Otlp.fromJson(new String(jsonBody, java.nio.charset.StandardCharsets.UTF_8));
        ExportTraceServiceRequest fromProto = Otlp.fromProtobuf(protoBody);
        assertEquals(fromProto, fromJson, "JSON and protobuf encoders disagree");
        assertEquals(fromProto, fromPretty, "pretty JSON differs from the sent encodings");
        assertEquals(1, fromProto.getResourceSpansCount());
        var rs = fromProto.getResourceSpans(0);
        assertEquals("agent-strace", Otlp.attrs(rs.getResource().getAttributesList()).get("service.name").getStringValue());
        assertEquals("agent-strace", rs.getScopeSpans(0).getScope().getName());
        return Otlp.spans(fromProto);
    }

    private static long nanos(double seconds) {
        return SpanIds.nanos(seconds);
    }

    @Test
    void hooksSession_mapsToolCallsPromptsAndTheFailure() {
        List<Span> spans = decodeAll("a-hooks");
        assertEquals(7, spans.size());
        Span root = Otlp.root(spans);
        // Same trace and root span ids as the original computes, so re-exports land on the same trace.
        assertEquals("de1ba3480af1f8e375c081d7b54bcfb0", hex(root.getTraceId()));
        assertEquals("41b1e5fc2045d985", hex(root.getSpanId()));
        assertTrue(root.getParentSpanId().isEmpty());
        assertEquals("invoke_agent claude-code", root.getName());
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, root.getKind());
        assertEquals(nanos(1795477017.1705623), root.getStartTimeUnixNano());
        // meta.json says the session ended at ...041.0854776, but its session_end event is 9 µs later:
        // the root span stretches to cover every event.
        assertEquals(nanos(1795477041.0854862), root.getEndTimeUnixNano());
        assertTrue(Math.abs(root.getStartTimeUnixNano() - 1795477017170562304L) < 1000, "within 1 µs of the original");
        assertEquals("invoke_agent", str(root, "gen_ai.operation.name"));
        assertEquals("3b9e1f4a-6c2d-4f", str(root, "gen_ai.conversation.id"));
        assertEquals("anthropic", str(root, "gen_ai.provider.name"));
        assertEquals("claude-sonnet-4-5", str(root, "gen_ai.request.model"));
        assertEquals(6L, integer(root, "agent_strace.tool_calls"));
        assertEquals(1L, integer(root, "agent_strace.errors"));
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, root.getStatus().getCode());
        assertEquals(List.of("user_prompt", "assistant_response"), root.getEventsList().stream().map(Span.Event::getName).toList());
        assertTrue(Otlp.attrs(root.getEvents(0).getAttributesList()).get("prompt").getStringValue().startsWith("The login test"));
        assertEquals(nanos(1795477018.5098627), root.getEvents(0).getTimeUnixNano());

        for (Span s : spans) {
            assertEquals(root.getTraceId(), s.getTraceId());
            if (s != root) {
                assertEquals(root.getSpanId(), s.getParentSpanId(), s.getName());
                assertEquals("execute_tool", str(s, "gen_ai.operation.name"));
                assertEquals(s.getName(), "execute_tool " + str(s, "gen_ai.tool.name"));
            }
        }
        Span firstBash = spans.stream().filter(s -> "7d7d6a4bf42b".equals(str(s, "gen_ai.tool.call.id"))).findFirst().orElseThrow();
        assertEquals("execute_tool Bash", firstBash.getName());
        assertEquals(nanos(1795477019.79892), firstBash.getStartTimeUnixNano());
        assertEquals(Math.round(1514.585018157959 * 1e6), firstBash.getEndTimeUnixNano() - firstBash.getStartTimeUnixNano());
        assertEquals(Map.of("command", "python3 -m pytest tests/test_auth.py -q 2>&1 | tail -5", "description", "Run the auth tests"),
                Json.parse(str(firstBash, "gen_ai.tool.call.arguments")));
        assertTrue(str(firstBash, "gen_ai.tool.call.result").contains("1 failed, 1 passed"));
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, firstBash.getStatus().getCode());

        Span failed = spans.stream().filter(s -> "b73e190c5691".equals(str(s, "gen_ai.tool.call.id"))).findFirst().orElseThrow();
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, failed.getStatus().getCode());
        assertEquals("Command failed with exit code 127: /bin/sh: pytest: command not found", failed.getStatus().getMessage());
        assertEquals("tool_error", str(failed, "error.type"));
        assertEquals(1, failed.getEventsCount());
        assertEquals("exception", failed.getEvents(0).getName());
        assertEquals(nanos(1795477034.0721917), failed.getEvents(0).getTimeUnixNano());
        assertEquals("Command failed with exit code 127: /bin/sh: pytest: command not found",
                Otlp.attrs(failed.getEvents(0).getAttributesList()).get("exception.message").getStringValue());
        assertEquals(Math.round(1278.2440185546875 * 1e6), failed.getEndTimeUnixNano() - failed.getStartTimeUnixNano());
        assertFalse(Otlp.attrs(failed.getAttributesList()).containsKey("gen_ai.tool.call.result"));
    }

    @Test
    void decoratorSession_mapsLlmCallsDecisionsAndTypedErrors() {
        List<Span> spans = decodeAll("b-decorator");
        Span root = Otlp.root(spans);
        assertEquals("invoke_agent coding-agent", root.getName());
        List<Span> chats = spans.stream().filter(s -> s.getName().equals("chat claude-4")).toList();
        assertEquals(2, chats.size());
        Span chat = chats.get(0);
        assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, chat.getKind());
        assertEquals("chat", str(chat, "gen_ai.operation.name"));
        assertEquals("anthropic", str(chat, "gen_ai.provider.name"));
        assertEquals("claude-4", str(chat, "gen_ai.request.model"));
        assertEquals(1L, integer(chat, "agent_strace.message_count"));
        assertEquals(nanos(1795477113.301265), chat.getStartTimeUnixNano());
        assertEquals(Math.round(114.57276344299316 * 1e6), chat.getEndTimeUnixNano() - chat.getStartTimeUnixNano());
        assertEquals(root.getSpanId(), chat.getParentSpanId());

        Span failed = spans.stream().filter(s -> s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR).findFirst().orElseThrow();
        assertEquals("execute_tool run_tests", failed.getName());
        assertEquals("RuntimeError", str(failed, "error.type"));
        assertEquals("Test failed: tests/test_auth.py", failed.getStatus().getMessage());
        assertEquals("RuntimeError", Otlp.attrs(failed.getEvents(0).getAttributesList()).get("exception.type").getStringValue());

        List<Span.Event> decisions = root.getEventsList().stream().filter(e -> e.getName().equals("decision")).toList();
        assertEquals(3, decisions.size());
        AnyValue alternatives = Otlp.attrs(decisions.get(0).getAttributesList()).get("alternatives");
        assertEquals(AnyValue.ValueCase.ARRAY_VALUE, alternatives.getValueCase());
        assertEquals(List.of("read_file_first", "search_codebase", "write_fix_directly"),
                alternatives.getArrayValue().getValuesList().stream().map(AnyValue::getStringValue).toList());
        assertEquals("[]", Otlp.attrs(decisions.get(2).getAttributesList()).get("alternatives").getStringValue());
        assertEquals(6 + 2 + 1, spans.size(), "6 tool spans, 2 chat spans, the root");
    }

    @Test
    void stdioProxySession_pairsByJsonRpcIdAndMapsMcpAttributes() {
        List<Span> spans = decodeAll("c-stdio-proxy");
        Span denied = byName(spans, "execute_tool delete_everything");
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, denied.getStatus().getCode());
        assertEquals("Unknown tool: delete_everything", denied.getStatus().getMessage());
        assertEquals("-32602", str(denied, "error.type"), "the JSON-RPC code, as the MCP conventions want");
        assertEquals("5", str(denied, "jsonrpc.request.id"));
        assertEquals(nanos(1795477171.2470372) - nanos(1795477171.2454267),
                denied.getEndTimeUnixNano() - denied.getStartTimeUnixNano(), "no duration recorded: the timestamps give it");

        Span sampling = byName(spans, "chat fake-model");
        assertEquals("sampling/createMessage", str(sampling, "mcp.method.name"));
        assertEquals("8", str(sampling, "jsonrpc.request.id"));
        assertEquals("sampled reply", str(sampling, "agent_strace.response_preview"));
        assertEquals(nanos(1795477172.0001628), sampling.getEndTimeUnixNano());

        Span search = byName(spans, "execute_tool search");
        assertEquals("req-4", str(search, "jsonrpc.request.id"));
        Span root = Otlp.root(spans);
        assertEquals(List.of("file_write", "file_read", "file_write"),
                root.getEventsList().stream().map(Span.Event::getName).toList());
        assertEquals("file:///srv/demo/notes.txt", Otlp.attrs(root.getEvents(0).getAttributesList()).get("uri").getStringValue());
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, root.getStatus().getCode(), "exit code 0");
        assertEquals(4 + 1 + 1, spans.size(), "4 tool spans, 1 chat span, the root");
    }

    @Test
    void allFixtures_exportTogetherAsThreeTraces() {
        OtlpExport exp = Otlp.exporter(Otlp.settings(null, Map.of()), new ArrayList<>());
        StringBuilder sb = new StringBuilder();
        OtlpExport.Summary s = exp.print(store, List.copyOf(ExportFixtures.SESSIONS.values()), sb, w -> { });
        List<Span> spans = Otlp.spans(Otlp.fromJson(sb.toString()));
        assertEquals(3, s.sessions());
        assertEquals(spans.size(), s.spans());
        assertEquals(3, spans.stream().map(x -> hex(x.getTraceId())).distinct().count());
    }
}
