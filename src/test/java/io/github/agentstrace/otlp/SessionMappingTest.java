package io.github.agentstrace.otlp;

import static io.github.agentstrace.otlp.Otlp.byName;
import static io.github.agentstrace.otlp.Otlp.hex;
import static io.github.agentstrace.otlp.Otlp.integer;
import static io.github.agentstrace.otlp.Otlp.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.export.ExportFixtures;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.store.TraceStore;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Built sessions (subagents, tokens, MCP, limits) mapped, protobuf-encoded, and decoded by the official classes. */
class SessionMappingTest {
    private static final double T0 = 1_790_000_000.0;

    @TempDir
    Path tmp;
    TraceStore store;

    @BeforeEach
    void init() {
        store = new TraceStore(tmp.resolve("traces"));
    }

    private List<Span> export(String... ids) {
        OtlpExport exp = Otlp.exporter(Otlp.settings(null, Map.of()), new ArrayList<>());
        List<io.github.agentstrace.otlp.Span> spans = new ArrayList<>();
        exp.map(store, List.of(ids), w -> { }, spans::add);
        ProtobufEncoding proto = new ProtobufEncoding();
        return Otlp.spans(Otlp.fromProtobuf(proto.request(exp.resource(), spans.stream().map(proto::span).toList())));
    }

    private void subagentTree() {
        try (var main = new ExportFixtures.Builder(store, "main-session", "claude-code", T0)) {
            main.add(1, EventType.USER_PROMPT, "p1", null, null, "prompt", "research X");
            main.add(1, EventType.TOOL_CALL, "task1", null, null, "tool_name", "Task", "tool_use_id", "toolu_01",
                    "arguments", Map.of("subagent_type", "researcher"));
            main.add(30, EventType.TOOL_RESULT, "res1", "task1", 30_000.0, "tool_name", "Task", "result", "done");
        }
        SessionMeta child = SessionMeta.start("sub-session", T0 + 3, "researcher", "subagent")
                .withParent("main-session", "task1", 1);
        try (var sub = new ExportFixtures.Builder(store, child)) {
            sub.add(1, EventType.TOOL_CALL, "t1", null, null, "tool_name", "Task", "arguments", Map.of());
            sub.add(2, EventType.TOOL_RESULT, "r1", "t1", 2000.0, "tool_name", "Task", "result", "ok");
        }
        SessionMeta grandchild = SessionMeta.start("subsub-session", T0 + 4.5, "helper", "subagent")
                .withParent("sub-session", "t1", 2);
        try (var subsub = new ExportFixtures.Builder(store, grandchild)) {
            subsub.add(0.5, EventType.TOOL_CALL, "g1", null, null, "tool_name", "Read", "arguments", Map.of("file_path", "/a"));
            subsub.add(0.5, EventType.TOOL_RESULT, "g2", "g1", 500.0, "result", "text");
        }
        try (var other = new ExportFixtures.Builder(store, "unrelated", "claude-code", T0)) {
            other.add(1, EventType.USER_PROMPT, "x", null, null, "prompt", "hi");
        }
    }

    @Test
    void subagentSessions_areChildSpansOfTheSpawningToolCallInOneTrace() {
        subagentTree();
        List<Span> spans = export("main-session");
        assertEquals(6, spans.size(), "3 session root spans and 3 tool spans: " + spans.stream().map(Span::getName).toList());
        Span mainRoot = byName(spans, "invoke_agent claude-code");
        Span task = spans.stream().filter(s -> "toolu_01".equals(str(s, "gen_ai.tool.call.id"))).findFirst().orElseThrow();
        Span subRoot = byName(spans, "invoke_agent researcher");
        Span subTask = spans.stream().filter(s -> s.getName().equals("execute_tool Task") && s != task
                && "sub-session".equals(str(s, "gen_ai.conversation.id"))).findFirst().orElseThrow();
        Span subsubRoot = byName(spans, "invoke_agent helper");
        Span read = byName(spans, "execute_tool Read");

        for (Span s : spans) {
            assertEquals(hex(mainRoot.getTraceId()), hex(s.getTraceId()), "one trace for the tree: " + s.getName());
        }
        assertEquals(HexFormat.of().formatHex(new SpanIds().traceId("main-session")), hex(mainRoot.getTraceId()));
        assertTrue(mainRoot.getParentSpanId().isEmpty());
        assertEquals(mainRoot.getSpanId(), task.getParentSpanId());
        assertEquals(task.getSpanId(), subRoot.getParentSpanId(), "subagent under the Task call that spawned it");
        assertEquals(subRoot.getSpanId(), subTask.getParentSpanId());
        assertEquals(subTask.getSpanId(), subsubRoot.getParentSpanId());
        assertEquals(subsubRoot.getSpanId(), read.getParentSpanId());
        assertEquals(1L, integer(subRoot, "agent_strace.depth"));
        assertEquals("main-session", str(subRoot, "agent_strace.parent_session_id"));
        assertTrue(subRoot.getStartTimeUnixNano() >= task.getStartTimeUnixNano());
        assertTrue(subRoot.getEndTimeUnixNano() <= task.getEndTimeUnixNano());
        assertFalse(spans.stream().anyMatch(s -> "unrelated".equals(str(s, "gen_ai.conversation.id"))));
    }

    @Test
    void subagentExportedAlone_staysInItsParentsTrace() {
        subagentTree();
        List<Span> spans = export("sub-session");
        assertEquals(4, spans.size(), "the subagent and its own subagent");
        Span subRoot = byName(spans, "invoke_agent researcher");
        assertEquals(HexFormat.of().formatHex(new SpanIds().traceId("main-session")), hex(subRoot.getTraceId()));
        assertEquals(HexFormat.of().formatHex(new SpanIds().eventSpanId("main-session", "task1")), hex(subRoot.getParentSpanId()));
    }

    @Test
    void llmCalls_carryTokenUsageModelsAndFinishReasons() {
        try (var b = new ExportFixtures.Builder(store, "llm", "my-agent", T0)) {
            b.add(1, EventType.LLM_REQUEST, "q1", null, null, "model", "gpt-4o", "max_tokens", 1024, "temperature", 0.2);
            b.add(2, EventType.LLM_RESPONSE, "a1", "q1", 2000.0, "model", "gpt-4o-2024-08-06", "id", "resp_1",
                    "finish_reason", "stop", "usage", Map.of("prompt_tokens", 120, "completion_tokens", 30));
            b.add(1, EventType.LLM_REQUEST, "q2", null, null, "model", "claude-sonnet-4-5", "input_tokens", 500);
            b.add(1, EventType.LLM_RESPONSE, "a2", "q2", 1000.0, "output_tokens", 70, "stop_reason", "end_turn",
                    "usage", Map.of("cache_read_input_tokens", 400, "cache_creation_input_tokens", 12));
        }
        List<Span> spans = export("llm");
        Span gpt = byName(spans, "chat gpt-4o");
        assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, gpt.getKind());
        assertEquals("openai", str(gpt, "gen_ai.provider.name"));
        assertEquals("gpt-4o-2024-08-06", str(gpt, "gen_ai.response.model"));
        assertEquals("resp_1", str(gpt, "gen_ai.response.id"));
        assertEquals(120L, integer(gpt, "gen_ai.usage.input_tokens"));
        assertEquals(30L, integer(gpt, "gen_ai.usage.output_tokens"));
        assertEquals(1024L, integer(gpt, "gen_ai.request.max_tokens"));
        assertEquals(0.2, Otlp.attrs(gpt.getAttributesList()).get("gen_ai.request.temperature").getDoubleValue());
        assertEquals(List.of("stop"), Otlp.attrs(gpt.getAttributesList()).get("gen_ai.response.finish_reasons")
                .getArrayValue().getValuesList().stream().map(AnyValue::getStringValue).toList());
        assertEquals(2_000_000_000L, gpt.getEndTimeUnixNano() - gpt.getStartTimeUnixNano());

        Span claude = byName(spans, "chat claude-sonnet-4-5");
        assertEquals("anthropic", str(claude, "gen_ai.provider.name"));
        // OpenTelemetry counts cached prompt tokens in input_tokens: 500 + 400 read + 12 written.
        assertEquals(912L, integer(claude, "gen_ai.usage.input_tokens"));
        assertEquals(70L, integer(claude, "gen_ai.usage.output_tokens"));
        assertEquals(400L, integer(claude, "gen_ai.usage.cache_read.input_tokens"));
        assertEquals(12L, integer(claude, "gen_ai.usage.cache_creation.input_tokens"));

        Span root = Otlp.root(spans);
        assertEquals(1032L, integer(root, "gen_ai.usage.input_tokens"));
        assertEquals(100L, integer(root, "gen_ai.usage.output_tokens"));
    }

    @Test
    void mcpCalls_carryMethodSessionAndToolErrors() {
        try (var b = new ExportFixtures.Builder(store, "mcp", "proxy", T0)) {
            b.add(1, EventType.TOOL_CALL, "m1", null, null, "tool_name", "get_weather", "mcp_method", "tools/call",
                    "mcp_session_id", "sess-42", "request_id", 7, "arguments", Map.of("city", "Paris"));
            b.add(0.25, EventType.TOOL_RESULT, "m2", null, 250.0, "request_id", 7, "is_error", true,
                    "content_preview", "city not found");
            b.add(1, EventType.TOOL_CALL, "m3", null, null, "tool_name", "list", "method", "tools/call", "request_id", "r-9");
            b.add(1, EventType.ERROR, "m4", null, null, "request_id", "r-9", "code", -32601, "message", "Method not found");
        }
        List<Span> spans = export("mcp");
        Span weather = byName(spans, "tools/call get_weather");
        assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, weather.getKind());
        assertEquals("tools/call", str(weather, "mcp.method.name"));
        assertEquals("sess-42", str(weather, "mcp.session.id"));
        assertEquals("7", str(weather, "jsonrpc.request.id"));
        assertEquals("execute_tool", str(weather, "gen_ai.operation.name"));
        assertEquals("get_weather", str(weather, "gen_ai.tool.name"));
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, weather.getStatus().getCode());
        assertEquals("tool_error", str(weather, "error.type"));
        assertEquals("city not found", weather.getStatus().getMessage());
        assertEquals(250_000_000L, weather.getEndTimeUnixNano() - weather.getStartTimeUnixNano());

        Span list = byName(spans, "tools/call list");
        assertEquals("-32601", str(list, "error.type"));
        assertEquals("Method not found", list.getStatus().getMessage());
        assertEquals("exception", list.getEvents(0).getName());
    }

    @Test
    void attributes_areTypedAndCapped() {
        Map<String, Object> big = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            big.put("k" + i, i);
        }
        String huge = "é".repeat(10_000);
        try (var b = new ExportFixtures.Builder(store, "caps", "agent", T0)) {
            b.add(1, EventType.DECISION, "d1", null, null, "choice", "a", "confidence", 0.75, "retries", 3,
                    "final", true, "nested", Map.of("x", List.of(1, 2)), "mixed", List.of(1, "two"), "none", null);
            b.add(1, EventType.DECISION, "d2", null, null, big.entrySet().stream()
                    .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray());
            b.add(1, EventType.TOOL_CALL, "c1", null, null, "tool_name", "Write", "arguments", Map.of("content", huge));
        }
        List<Span> spans = export("caps");
        Span root = Otlp.root(spans);
        Map<String, AnyValue> d1 = Otlp.attrs(root.getEvents(0).getAttributesList());
        assertEquals(0.75, d1.get("confidence").getDoubleValue());
        assertEquals(3L, d1.get("retries").getIntValue());
        assertTrue(d1.get("final").getBoolValue());
        assertEquals("{\"x\":[1,2]}", d1.get("nested").getStringValue(), "JSON text, never a language repr");
        assertEquals("[1,\"two\"]", d1.get("mixed").getStringValue());
        assertFalse(d1.containsKey("none"));
        Span.Event d2 = root.getEvents(1);
        assertEquals(Limits.DEFAULT.maxAttributes(), d2.getAttributesCount());
        assertEquals(200 + 1 - Limits.DEFAULT.maxAttributes(), d2.getDroppedAttributesCount());

        Span write = byName(spans, "execute_tool Write");
        String args = str(write, "gen_ai.tool.call.arguments");
        assertEquals(Limits.DEFAULT.maxValueLength(), args.length());
        assertTrue(args.endsWith(" kept]"), "cut with the one marker: " + args.substring(args.length() - 60));
        assertTrue(write.getAttributesList().stream().anyMatch(kv -> kv.getKey().equals("agent_strace.incomplete")),
                "a call without a result is still exported, marked incomplete");
        assertEquals(write.getStartTimeUnixNano(), write.getEndTimeUnixNano());
    }

    @Test
    void rootEvents_pastTheCapAreCountedAsDropped() {
        try (var b = new ExportFixtures.Builder(store, "chatty", "agent", T0)) {
            for (int i = 0; i < Limits.DEFAULT.maxRootEvents() + 5; i++) {
                b.add(0.001, EventType.USER_PROMPT, "u" + i, null, null, "prompt", "p" + i);
            }
            b.add(1, EventType.SESSION_END, "end", null, null, "exit_code", 2);
        }
        Span root = Otlp.root(export("chatty"));
        assertEquals(Limits.DEFAULT.maxRootEvents(), root.getEventsCount());
        assertEquals(5, root.getDroppedEventsCount());
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, root.getStatus().getCode(), "non-zero exit code");
        assertEquals("exit code 2", root.getStatus().getMessage());
    }

    @Test
    void resultWithoutCall_andLoneError_becomeSpansOfTheirOwn() {
        try (var b = new ExportFixtures.Builder(store, "orphans", "agent", T0)) {
            b.add(1, EventType.TOOL_RESULT, "r1", "gone", 100.0, "tool_name", "Bash", "result", "x");
            b.add(1, EventType.ERROR, "e1", null, null, "message", "boom");
            b.add(1, EventType.LLM_RESPONSE, "a1", "q0", 50.0, "model", "claude-x");
        }
        List<Span> spans = export("orphans");
        Span bash = byName(spans, "execute_tool Bash");
        assertEquals(100_000_000L, bash.getEndTimeUnixNano() - bash.getStartTimeUnixNano());
        assertEquals(SpanIds.nanos(T0 + 1), bash.getEndTimeUnixNano());
        Span error = byName(spans, "error");
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, error.getStatus().getCode());
        assertEquals("boom", error.getStatus().getMessage());
        assertEquals("chat claude-x", byName(spans, "chat claude-x").getName());
        assertEquals(4, spans.size());
    }

    @Test
    void ids_areDeterministicAndNeverZero() {
        assertEquals("de1ba3480af1f8e375c081d7b54bcfb0", SpanIds.hex(new SpanIds().traceId("3b9e1f4a-6c2d-4f")));
        assertEquals(SpanIds.hex(new SpanIds().eventSpanId("s", "e")), SpanIds.hex(new SpanIds().eventSpanId("s", "e")));
        assertFalse(SpanIds.hex(new SpanIds().eventSpanId("s1", "e")).equals(SpanIds.hex(new SpanIds().eventSpanId("s2", "e"))));
        assertEquals(1_700_000_000_500_000_000L, SpanIds.nanos(1_700_000_000.5));
    }
}
