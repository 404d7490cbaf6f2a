package io.github.agentstrace.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.Summary;
import io.github.agentstrace.store.TraceDirRegistry;
import io.github.agentstrace.store.TraceStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture bodies Claude Code sent, through the mapping, into sessions read back by the session model. */
class ReceivedSessionsTest {
    @TempDir
    Path dir;

    private TraceStore store() {
        return new TraceStore(dir, TraceDirRegistry.NONE);
    }

    private String receive(TraceStore store, List<OtelFixtures.Body> bodies) {
        List<String> warnings = new ArrayList<>();
        String sid = null;
        TraceHold hold = new TraceHold();
        try (ReceivedSessions sessions = new ReceivedSessions(store, Redactor.standard(), warnings::add)) {
            for (OtelFixtures.Body b : bodies) {
                TelemetryMapper.Result r = new TelemetryMapper(1.0).map(b.decode());
                assertEquals(0, r.rejected(), b.file() + ": " + r.message());
                sessions.record(hold.admit(r.facts(), r.endedTraces(), 1.0));
                if (!r.facts().isEmpty()) {
                    sid = r.facts().get(0).session().sessionId();
                }
            }
            sessions.record(hold.drain());
        }
        assertEquals(List.of(), warnings);
        return sid;
    }

    private static List<OtelFixtures.Body> only(boolean json, Signal signal) throws Exception {
        return OtelFixtures.bodies(json, signal);
    }

    private Summary summary(TraceStore store, String sid) {
        return Reading.of(store, PriceTable.load(null), w -> { }).read(sid, false, false, SessionListener.NONE).summary();
    }

    private List<TraceEvent> events(TraceStore store, String sid) {
        List<TraceEvent> out = new ArrayList<>();
        store.reader(sid, w -> { }).forEach(out::add);
        return out;
    }

    @Test
    void logs_becomeAClaudeCodeSession() throws Exception {
        TraceStore store = store();
        String sid = receive(store, only(true, Signal.LOGS));
        assertEquals("otlp-ca284548-fa40-482e-9a89-c6018a14697e", sid);
        SessionMeta meta = store.readMeta(sid);
        assertEquals("claude-code", meta.agentName());
        assertEquals(3, meta.toolCalls());
        assertEquals(4, meta.llmRequests());
        assertEquals(1, meta.errors());

        List<TraceEvent> events = events(store, sid);
        List<String> types = events.stream().map(TraceEvent::type).toList();
        assertEquals(List.of("session_start", "user_prompt", "tool_call", "llm_request", "llm_response", "tool_result",
                "tool_call", "llm_request", "llm_response", "tool_result", "tool_call", "llm_request", "llm_response",
                "error", "llm_request", "llm_response", "assistant_response"), types, "in event.sequence order");
        for (TraceEvent e : events) {
            assertEquals("otlp", e.data().get("source"), "source marker on " + e.type());
        }
        TraceEvent call = events.get(2);
        assertEquals("Bash", call.data().get("tool_name"));
        assertEquals(Map.of("command", "echo hello-otel", "description", "Print a greeting"), call.data().get("arguments"));
        TraceEvent result = events.get(5);
        assertEquals(call.eventId(), result.parentId());
        assertEquals(261.0, result.durationMs());
        TraceEvent error = events.get(13);
        assertEquals("Shell command failed", error.data().get("error"));
        TraceEvent response = events.get(4);
        assertEquals("claude-opus-5-5", response.data().get("model"));
        assertEquals(0.013248, ((Number) response.data().get("cost_usd")).doubleValue());
        assertEquals(2048L, ((Number) response.data().get("cache_creation_input_tokens")).longValue());

        Summary s = summary(store, sid);
        assertEquals(3, s.toolCalls());
        assertEquals(1, s.errors());
        assertEquals(4, s.turns());
        assertEquals(1, s.prompts());
        // 652+20+2048 + 724+27+4352+129 + 797+34+4608+130 + 873+41+4864+131
        assertEquals(19430, s.tokens());
        assertEquals(4352 + 4608 + 4864, s.usage().cacheReadTokens());
    }

    @Test
    void protobufAndJson_giveTheSameSession() throws Exception {
        // Signal by signal: which of logs and spans comes first differs between the two captures, and the first
        // report of a fact is the one written (spans know less of a call's arguments than logs).
        for (Signal signal : List.of(Signal.LOGS, Signal.TRACES)) {
            TraceStore a = new TraceStore(dir.resolve("json-" + signal), TraceDirRegistry.NONE);
            TraceStore b = new TraceStore(dir.resolve("pb-" + signal), TraceDirRegistry.NONE);
            String ja = receive(a, only(true, signal));
            String pb = receive(b, only(false, signal));
            assertEquals(shape(events(a, ja)), shape(events(b, pb)), signal.toString());
        }
        TraceStore a = new TraceStore(dir.resolve("json"), TraceDirRegistry.NONE);
        TraceStore b = new TraceStore(dir.resolve("pb"), TraceDirRegistry.NONE);
        Summary sa = summary(a, receive(a, OtelFixtures.bodies(true)));
        Summary sb = summary(b, receive(b, OtelFixtures.bodies(false)));
        assertEquals(sa.toolCalls(), sb.toolCalls());
        assertEquals(sa.errors(), sb.errors());
        assertEquals(sa.turns(), sb.turns());
        assertEquals(sa.prompts(), sb.prompts());
    }

    /** What two runs of the same scripted session share: types, tools, arguments, outcomes; not ids or times. */
    private static List<String> shape(List<TraceEvent> events) {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : events) {
            Object args = e.data().get("arguments");
            out.add(e.type() + " " + e.data().getOrDefault("tool_name", "") + " " + (args == null ? "" : args)
                    + " " + e.data().getOrDefault("error", ""));
        }
        return out;
    }

    @Test
    void logsAndSpans_neverCountAFactTwice_inEitherOrder() throws Exception {
        TraceStore logsOnly = new TraceStore(dir.resolve("logs"), TraceDirRegistry.NONE);
        TraceStore logsFirst = new TraceStore(dir.resolve("logs-first"), TraceDirRegistry.NONE);
        TraceStore spansFirst = new TraceStore(dir.resolve("spans-first"), TraceDirRegistry.NONE);
        String sid = receive(logsOnly, only(true, Signal.LOGS));
        List<OtelFixtures.Body> l = new ArrayList<>(only(true, Signal.LOGS));
        l.addAll(only(true, Signal.TRACES));
        l.addAll(only(true, Signal.METRICS));
        receive(logsFirst, l);
        List<OtelFixtures.Body> s = new ArrayList<>(only(true, Signal.TRACES));
        s.addAll(only(true, Signal.LOGS));
        receive(spansFirst, s);
        Summary expected = summary(logsOnly, sid);
        for (TraceStore store : List.of(logsFirst, spansFirst)) {
            Summary got = summary(store, sid);
            assertEquals(expected.toolCalls(), got.toolCalls());
            assertEquals(expected.errors(), got.errors());
            assertEquals(expected.turns(), got.turns());
            assertEquals(expected.prompts(), got.prompts());
            assertEquals(expected.tokens(), got.tokens());
            assertEquals(expected.events(), got.events(), "only the assistant response is new in neither order");
        }
    }

    @Test
    void spansAlone_giveTheSameCallsOutcomesAndTokens() throws Exception {
        TraceStore logs = new TraceStore(dir.resolve("logs"), TraceDirRegistry.NONE);
        TraceStore spans = new TraceStore(dir.resolve("spans"), TraceDirRegistry.NONE);
        String sid = receive(logs, only(true, Signal.LOGS));
        receive(spans, only(true, Signal.TRACES));
        Summary a = summary(logs, sid);
        Summary b = summary(spans, sid);
        assertEquals(a.toolCalls(), b.toolCalls());
        assertEquals(a.errors(), b.errors());
        assertEquals(a.turns(), b.turns());
        assertEquals(a.tokens(), b.tokens());
        assertEquals(a.prompts(), b.prompts());
        List<TraceEvent> events = events(spans, sid);
        TraceEvent call = events.stream().filter(e -> e.kind() == EventType.TOOL_CALL).findFirst().orElseThrow();
        assertEquals(Map.of("command", "echo hello-otel"), call.data().get("arguments"));
        // The interaction span ends last and arrives in the last request; held until then, its prompt still
        // comes first, as the phases need.
        assertEquals(List.of("session_start", "user_prompt", "llm_request", "llm_response", "tool_call", "tool_result"),
                events.stream().limit(6).map(TraceEvent::type).toList());
    }

    @Test
    void aRestartedReceiver_doesNotWriteAgainWhatItWroteBefore() throws Exception {
        TraceStore store = store();
        String sid = receive(store, only(false, Signal.LOGS));
        long before = summary(store, sid).events();
        receive(store, OtelFixtures.bodies(false));
        assertEquals(before, summary(store, sid).events());
    }

    @Test
    void genAiSpans_ofAnyAgent_mapToTurnsAndCalls() {
        String body = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my-agent"}}]},
                 "scopeSpans":[{"spans":[
                  {"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"chat gpt-5",
                   "startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000001500000000",
                   "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},
                    {"key":"gen_ai.conversation.id","value":{"stringValue":"conv-1"}},
                    {"key":"gen_ai.request.model","value":{"stringValue":"gpt-5"}},
                    {"key":"gen_ai.usage.input_tokens","value":{"intValue":"1000"}},
                    {"key":"gen_ai.usage.cache_read.input_tokens","value":{"intValue":"600"}},
                    {"key":"gen_ai.usage.output_tokens","value":{"intValue":"50"}}]},
                  {"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203332","name":"execute_tool get_weather",
                   "startTimeUnixNano":"1700000002000000000","endTimeUnixNano":"1700000002250000000","status":{"code":2,"message":"timeout"},
                   "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"execute_tool"}},
                    {"key":"gen_ai.conversation.id","value":{"stringValue":"conv-1"}},
                    {"key":"gen_ai.tool.name","value":{"stringValue":"get_weather"}},
                    {"key":"gen_ai.tool.call.id","value":{"stringValue":"call_1"}},
                    {"key":"gen_ai.tool.call.arguments","value":{"stringValue":"{\\"city\\":\\"Paris\\"}"}}]},
                  {"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203333","name":"http get"}]}]}]}
                """;
        TraceStore store = store();
        List<OtelFixtures.Body> one = List.of(new OtelFixtures.Body(Signal.TRACES, true,
                body.getBytes(StandardCharsets.UTF_8), "inline"));
        String sid = receive(store, one);
        assertEquals("otlp-conv-1", sid);
        assertEquals("my-agent", store.readMeta(sid).agentName());
        Summary s = summary(store, sid);
        assertEquals(1, s.toolCalls());
        assertEquals(1, s.errors());
        assertEquals(1, s.turns());
        assertEquals(1050, s.tokens(), "input counts cache reads once");
        assertEquals(600, s.usage().cacheReadTokens());
        TraceEvent call = events(store, sid).stream().filter(e -> e.kind() == EventType.TOOL_CALL).findFirst().orElseThrow();
        assertEquals(Map.of("city", "Paris"), call.data().get("arguments"));
        assertFalse(events(store, sid).stream().anyMatch(e -> String.valueOf(e.data()).contains("http get")));
    }

    @Test
    void aRejectedToolAndAnApiError_areFailures_answeringTheirCalls() {
        String body = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"claude-code"}}]},
                 "scopeLogs":[{"logRecords":[
                  {"timeUnixNano":"1700000001000000000","body":{"stringValue":"claude_code.tool_decision"},"attributes":[
                   {"key":"session.id","value":{"stringValue":"s2"}},{"key":"event.sequence","value":{"intValue":"1"}},
                   {"key":"tool_name","value":{"stringValue":"Write"}},{"key":"tool_use_id","value":{"stringValue":"toolu_9"}},
                   {"key":"decision","value":{"stringValue":"reject"}},{"key":"source","value":{"stringValue":"user_reject"}}]},
                  {"timeUnixNano":"1700000003000000000","body":{"stringValue":"claude_code.api_error"},"attributes":[
                   {"key":"session.id","value":{"stringValue":"s2"}},{"key":"event.sequence","value":{"intValue":"2"}},
                   {"key":"model","value":{"stringValue":"claude-sonnet-4-5"}},{"key":"error","value":{"stringValue":"Overloaded"}},
                   {"key":"status_code","value":{"stringValue":"529"}},{"key":"duration_ms","value":{"intValue":"1500"}},
                   {"key":"attempt","value":{"intValue":"2"}}]}]}]}]}
                """;
        TraceStore store = store();
        String sid = receive(store, List.of(new OtelFixtures.Body(Signal.LOGS, true, body.getBytes(StandardCharsets.UTF_8), "inline")));
        List<TraceEvent> events = events(store, sid);
        assertEquals(List.of("session_start", "tool_call", "error", "llm_request", "error"),
                events.stream().map(TraceEvent::type).toList());
        assertEquals(events.get(1).eventId(), events.get(2).parentId());
        assertEquals("rejected by user_reject", events.get(2).data().get("error"));
        TraceEvent apiError = events.get(4);
        assertEquals(events.get(3).eventId(), apiError.parentId());
        assertEquals("Overloaded", apiError.data().get("error"));
        assertEquals(529L, ((Number) apiError.data().get("status_code")).longValue());
        assertEquals(1500.0, apiError.durationMs());
        assertEquals(1_700_000_001.5, events.get(3).timestamp(), 1e-6, "the request started duration_ms before");
        Summary s = summary(store, sid);
        assertEquals(1, s.toolCalls());
        assertEquals(2, s.errors(), "the rejected call and the failed turn");
        assertEquals(1, s.turns());
    }

    @Test
    void claudeCodeLogsWithoutASession_areRejectedAndCounted() {
        String body = """
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[
                  {"body":{"stringValue":"claude_code.user_prompt"},"attributes":[{"key":"prompt","value":{"stringValue":"hi"}}]},
                  {"body":{"stringValue":"some.other.event"}},
                  {"body":{"stringValue":"GET /"},"attributes":[{"key":"event.name","value":{"stringValue":"user_prompt"}}]}]}]}]}
                """;
        TelemetryMapper.Result r = new TelemetryMapper(1.0).map(JsonDecoder.decode(Signal.LOGS,
                body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, r.rejected());
        assertTrue(r.message().contains("session.id"), r.message());
        assertTrue(r.facts().isEmpty());
    }

    @Test
    void secretsInReceivedPrompts_areRedactedBeforeDisk() throws Exception {
        String secret = "sk-ant-api03-" + "A".repeat(80) + "AA";
        String body = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"claude-code"}}]},
                 "scopeLogs":[{"logRecords":[{"timeUnixNano":"1700000000000000000","body":{"stringValue":"claude_code.user_prompt"},
                  "attributes":[{"key":"session.id","value":{"stringValue":"s1"}},{"key":"prompt.id","value":{"stringValue":"p1"}},
                   {"key":"prompt","value":{"stringValue":"use key %s please"}}]}]}]}]}
                """.formatted(secret);
        TraceStore store = store();
        String sid = receive(store, List.of(new OtelFixtures.Body(Signal.LOGS, true, body.getBytes(StandardCharsets.UTF_8), "inline")));
        String file = java.nio.file.Files.readString(store.eventsFile(sid));
        assertFalse(file.contains(secret), file);
        assertTrue(file.contains("please"));
    }
}
