package io.github.agentstrace.receive;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.model.Usage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decoded telemetry → facts of ordinary sessions. Pure: it reads, names and orders; {@link ReceivedSessions}
 * writes. Every event's data says {@code "source": "otlp"}.
 *
 * <p>Claude Code's log events, in {@code event.sequence} order: {@code user_prompt} → user_prompt;
 * {@code tool_decision} → tool_call (a rejection also → an error answering it); {@code tool_result} → its
 * tool_result, or an error when it failed; {@code api_request} → llm_request and llm_response with model,
 * tokens (cache included) and Claude Code's own {@code cost_usd}; {@code api_error} → llm_request and an error;
 * {@code assistant_response} → assistant_response. Its trace spans ({@code claude_code.interaction},
 * {@code .llm_request}, {@code .tool}, {@code .tool.execution}) and any other agent's GenAI spans
 * ({@code gen_ai.operation.name} {@code chat}, {@code execute_tool}, {@code invoke_agent}) give the same facts
 * under the same keys, so whichever arrives second is not written again.
 */
final class TelemetryMapper {
    private static final String CLAUDE = "claude_code.";

    /**
     * The facts of one request, how many of its items had to be rejected and why, and the traces whose root
     * span it carried (those traces are complete: a parent span ends after its children).
     */
    record Result(List<Fact> facts, long rejected, String message, Set<String> endedTraces) {
        Result(List<Fact> facts, long rejected, String message) {
            this(facts, rejected, message, Set.of());
        }
    }

    private final double now;

    /** @param now epoch seconds, for items that carry no time */
    TelemetryMapper(double now) {
        this.now = now;
    }

    Result map(Telemetry t) {
        return switch (t.signal()) {
            case LOGS -> logs(t.logs());
            case TRACES -> spans(t.spans());
            case METRICS -> new Result(List.of(), 0, null);
        };
    }

    // ---- logs --------------------------------------------------------------------------------------------

    private Result logs(List<ReceivedLog> logs) {
        List<ReceivedLog> ordered = new ArrayList<>(logs);
        // Stable: records without a sequence keep their place relative to each other, after those with one.
        ordered.sort(Comparator.comparingLong(l -> {
            Long seq = number(l.attributes().get("event.sequence"));
            return seq == null ? Long.MAX_VALUE : seq;
        }));
        Map<String, Map<String, Object>> inputs = new HashMap<>();
        for (ReceivedLog l : logs) {
            String id = text(l.attributes(), "tool_use_id");
            Map<String, Object> input = jsonObject(text(l.attributes(), "tool_input"));
            if (id != null && input != null) {
                inputs.put(id, input);
            }
        }
        List<Fact> facts = new ArrayList<>();
        long rejected = 0;
        for (ReceivedLog l : ordered) {
            String name = eventName(l);
            if (name == null || !name.startsWith(CLAUDE)) {
                continue; // not an agent event: accepted, not recorded
            }
            SessionOrigin origin = origin(l.attributes(), l.resource(), null);
            if (origin == null) {
                rejected++;
                continue;
            }
            logFacts(name.substring(CLAUDE.length()), l, new Builder(origin, seconds(l.nanos()), null), inputs, facts);
        }
        return new Result(facts, rejected, rejected == 0 ? null
                : rejected + " Claude Code log record(s) carried no session.id and were not recorded");
    }

    private void logFacts(String name, ReceivedLog l, Builder b, Map<String, Map<String, Object>> inputs,
                          List<Fact> facts) {
        Map<String, Object> a = l.attributes();
        String promptId = text(a, "prompt.id");
        switch (name) {
            case "user_prompt" -> {
                String key = l.spanId() != null ? "interaction:" + l.traceId() + "/" + l.spanId()
                        : "prompt:" + (promptId != null ? promptId : sequence(a));
                Map<String, Object> data = data();
                put(data, "prompt", text(a, "prompt"));
                put(data, "prompt_id", promptId);
                facts.add(b.fact(key, b.event(EventType.USER_PROMPT, b.time, null, null, data)));
            }
            case "tool_decision" -> {
                String id = text(a, "tool_use_id");
                String tool = orUnknown(text(a, "tool_name"));
                Map<String, Object> args = inputs.get(id);
                if (args == null) {
                    args = arguments(jsonObject(text(a, "tool_parameters")));
                }
                Map<String, Object> data = data();
                data.put("tool_name", tool);
                data.put("arguments", args);
                put(data, "tool_use_id", id);
                put(data, "prompt_id", promptId);
                put(data, "decision", text(a, "decision"));
                put(data, "decision_source", text(a, "source"));
                String callKey = "call:" + (id != null ? id : sequence(a));
                facts.add(b.fact(callKey, b.event(EventType.TOOL_CALL, b.time, null, null, data)));
                if ("reject".equals(text(a, "decision"))) {
                    Map<String, Object> err = data();
                    err.put("tool_name", tool);
                    err.put("error", "rejected" + (text(a, "source") == null ? "" : " by " + text(a, "source")));
                    put(err, "tool_use_id", id);
                    facts.add(b.fact("outcome:" + (id != null ? id : sequence(a)),
                            b.event(EventType.ERROR, b.time, b.id(callKey), null, err)));
                }
            }
            case "tool_result" -> {
                String id = text(a, "tool_use_id");
                Map<String, Object> data = data();
                data.put("tool_name", orUnknown(text(a, "tool_name")));
                boolean ok = !Boolean.FALSE.equals(bool(a.get("success")));
                if (!ok) {
                    String error = text(a, "error");
                    data.put("error", error == null || error.isEmpty() ? "tool call failed" : error);
                    put(data, "error_type", text(a, "error_type"));
                }
                put(data, "tool_use_id", id);
                put(data, "prompt_id", promptId);
                putNumber(data, "result_size_bytes", number(a.get("tool_result_size_bytes")));
                Long ms = number(a.get("duration_ms"));
                String callKey = "call:" + (id != null ? id : sequence(a));
                facts.add(b.fact("outcome:" + (id != null ? id : sequence(a)),
                        b.event(ok ? EventType.TOOL_RESULT : EventType.ERROR, b.time, id == null ? null : b.id(callKey),
                                ms == null ? null : ms.doubleValue(), data)));
            }
            case "api_request" -> facts.add(turn(b, "turn:" + orSequence(text(a, "request_id"), a), a,
                    b.time - millis(a.get("duration_ms")) / 1000.0, b.time, claudeUsage(a), null));
            case "api_error" -> {
                String error = text(a, "error");
                facts.add(turn(b, "turn:" + orSequence(text(a, "request_id"), a), a,
                        b.time - millis(a.get("duration_ms")) / 1000.0, b.time, null,
                        error == null ? "API error" : error));
            }
            case "assistant_response" -> {
                String uuid = text(a, "message.uuid");
                Map<String, Object> data = data();
                put(data, "text", text(a, "response"));
                put(data, "model", text(a, "model"));
                put(data, "request_id", text(a, "request_id"));
                put(data, "prompt_id", promptId);
                facts.add(b.fact("response:" + (uuid != null ? uuid : orSequence(text(a, "request_id"), a)),
                        b.event(EventType.ASSISTANT_RESPONSE, b.time, null, null, data)));
            }
            default -> {
                // start-up and housekeeping events (plugins, settings): accepted, not recorded
            }
        }
    }

    // ---- spans -------------------------------------------------------------------------------------------

    private Result spans(List<ReceivedSpan> spans) {
        List<ReceivedSpan> ordered = new ArrayList<>(spans);
        ordered.sort(Comparator.comparingLong(ReceivedSpan::startNanos));
        Map<String, ReceivedSpan> byId = new HashMap<>();
        for (ReceivedSpan s : spans) {
            if (s.spanId() != null) {
                byId.put(s.spanId(), s);
            }
        }
        List<Fact> facts = new ArrayList<>();
        Set<String> ended = new java.util.HashSet<>();
        long rejected = 0;
        for (ReceivedSpan s : ordered) {
            if (s.parentSpanId() == null && s.traceId() != null) {
                ended.add(s.traceId());
            }
            Map<String, Object> a = s.attributes();
            String op = text(a, "gen_ai.operation.name");
            boolean claude = s.name().startsWith(CLAUDE);
            if (!claude && op == null) {
                continue; // not a GenAI span: accepted, not recorded
            }
            SessionOrigin origin = origin(a, s.resource(), s.traceId());
            if (origin == null || s.spanId() == null) {
                rejected++;
                continue;
            }
            Builder b = new Builder(origin, seconds(s.startNanos()), s.traceId());
            double end = s.endNanos() == 0 ? b.time : seconds(s.endNanos());
            double ms = Math.max(0, (end - b.time) * 1000.0);
            String spanKey = s.traceId() + "/" + s.spanId();
            if (claude) {
                claudeSpan(s, b, end, ms, spanKey, byId, facts);
            } else {
                genAiSpan(op, s, b, end, ms, spanKey, facts);
            }
        }
        return new Result(facts, rejected, rejected == 0 ? null
                : rejected + " span(s) had no span id or session and were not recorded", ended);
    }

    private void claudeSpan(ReceivedSpan s, Builder b, double end, double ms, String spanKey,
                            Map<String, ReceivedSpan> byId, List<Fact> facts) {
        Map<String, Object> a = s.attributes();
        switch (s.name().substring(CLAUDE.length())) {
            case "interaction" -> {
                String prompt = text(a, "user_prompt");
                if (prompt != null) {
                    Map<String, Object> data = data();
                    data.put("prompt", prompt);
                    facts.add(b.fact("interaction:" + spanKey, b.event(EventType.USER_PROMPT, b.time, null, null, data)));
                }
            }
            case "llm_request" -> {
                String request = text(a, "request_id");
                if (request == null) {
                    request = text(a, "gen_ai.response.id");
                }
                boolean failed = Boolean.FALSE.equals(bool(a.get("success"))) || s.statusCode() == 2;
                facts.add(turn(b, "turn:" + (request != null ? request : "span:" + spanKey), a, b.time, end,
                        failed ? null : claudeUsage(a), failed ? failure(s) : null));
            }
            case "tool" -> {
                String id = toolUseId(a);
                String tool = orUnknown(firstText(a, "tool_name", "gen_ai.tool.name"));
                Map<String, Object> args = new LinkedHashMap<>();
                put(args, "command", text(a, "full_command"));
                put(args, "file_path", text(a, "file_path"));
                Map<String, Object> data = data();
                data.put("tool_name", tool);
                data.put("arguments", args);
                put(data, "tool_use_id", id);
                facts.add(b.fact("call:" + (id != null ? id : "span:" + spanKey),
                        b.event(EventType.TOOL_CALL, b.time, null, null, data)));
            }
            case "tool.execution" -> {
                String id = toolUseId(a);
                ReceivedSpan parent = s.parentSpanId() == null ? null : byId.get(s.parentSpanId());
                String tool = parent == null ? null : firstText(parent.attributes(), "tool_name", "gen_ai.tool.name");
                String callKey = "call:" + (id != null ? id
                        : parent != null ? "span:" + parent.traceId() + "/" + parent.spanId() : "span:" + spanKey);
                boolean failed = Boolean.FALSE.equals(bool(a.get("success"))) || s.statusCode() == 2;
                Map<String, Object> data = data();
                data.put("tool_name", orUnknown(tool));
                if (failed) {
                    data.put("error", failure(s));
                    put(data, "error_type", text(a, "error_class"));
                }
                put(data, "tool_use_id", id);
                Long took = number(a.get("duration_ms"));
                facts.add(b.fact("outcome:" + callKey.substring("call:".length()), b.event(
                        failed ? EventType.ERROR : EventType.TOOL_RESULT, end, b.id(callKey),
                        took != null ? took.doubleValue() : ms, data)));
            }
            default -> {
                // blocked_on_user and others: their facts are the tool's
            }
        }
    }

    private void genAiSpan(String op, ReceivedSpan s, Builder b, double end, double ms, String spanKey,
                           List<Fact> facts) {
        Map<String, Object> a = s.attributes();
        boolean failed = s.statusCode() == 2;
        switch (op) {
            case "chat", "text_completion", "generate_content" -> {
                String response = text(a, "gen_ai.response.id");
                facts.add(turn(b, "turn:" + (response != null ? response : "span:" + spanKey), a, b.time, end,
                        failed ? null : genAiUsage(a), failed ? failure(s) : null));
            }
            case "execute_tool" -> {
                String id = text(a, "gen_ai.tool.call.id");
                String key = id != null ? id : "span:" + spanKey;
                String tool = orUnknown(text(a, "gen_ai.tool.name"));
                Object rawArgs = a.get("gen_ai.tool.call.arguments");
                Map<String, Object> args = rawArgs instanceof Map<?, ?> ? Json.asObject(rawArgs)
                        : jsonObject(rawArgs instanceof String str ? str : null);
                Map<String, Object> call = data();
                call.put("tool_name", tool);
                call.put("arguments", args == null ? new LinkedHashMap<>() : args);
                put(call, "tool_use_id", id);
                facts.add(b.fact("call:" + key, b.event(EventType.TOOL_CALL, b.time, null, null, call)));
                Map<String, Object> out = data();
                out.put("tool_name", tool);
                if (failed) {
                    out.put("error", failure(s));
                } else {
                    Object result = a.get("gen_ai.tool.call.result");
                    if (result != null) {
                        out.put("result", Json.text(result));
                    }
                }
                put(out, "tool_use_id", id);
                facts.add(b.fact("outcome:" + key, b.event(failed ? EventType.ERROR : EventType.TOOL_RESULT, end,
                        b.id("call:" + key), ms, out)));
            }
            case "invoke_agent" -> {
                Map<String, Object> data = data();
                Object input = a.get("gen_ai.input.messages");
                String agent = text(a, "gen_ai.agent.name");
                data.put("prompt", input != null ? Json.text(input) : "invoke_agent" + (agent == null ? "" : " " + agent));
                put(data, "agent_name", agent);
                facts.add(b.fact("interaction:" + spanKey, b.event(EventType.USER_PROMPT, b.time, null, null, data)));
            }
            default -> {
                // other operations (embeddings, retrieval): not facts of a session
            }
        }
    }

    // ---- turns -------------------------------------------------------------------------------------------

    /** An LLM turn: its request at {@code start}, then its response (with {@code usage}) or an error at {@code end}. */
    private Fact turn(Builder b, String key, Map<String, Object> a, double start, double end, Usage usage, String error) {
        String model = firstText(a, "gen_ai.response.model", "model", "gen_ai.request.model");
        String requestId = firstText(a, "request_id", "gen_ai.response.id");
        Map<String, Object> req = data();
        put(req, "model", model);
        put(req, "request_id", requestId);
        put(req, "prompt_id", text(a, "prompt.id"));
        TraceEvent request = b.event(EventType.LLM_REQUEST, start, null, null, req);
        Map<String, Object> res = data();
        put(res, "model", model);
        put(res, "request_id", requestId);
        double ms = Math.max(0, (end - start) * 1000.0);
        TraceEvent answer;
        if (error != null) {
            res.put("error", error);
            putNumber(res, "status_code", number(a.get("status_code")));
            putNumber(res, "attempt", number(a.get("attempt")));
            answer = b.event(EventType.ERROR, end, request.eventId(), ms, res);
        } else {
            res.putAll(usage.toData());
            Object cost = a.get("cost_usd");
            if (cost instanceof Double d && Double.isFinite(d)) {
                res.put("cost_usd", d);
            }
            putNumber(res, "ttft_ms", number(a.get("ttft_ms")));
            put(res, "stop_reason", text(a, "stop_reason"));
            answer = b.event(EventType.LLM_RESPONSE, end, request.eventId(), ms, res);
        }
        return b.fact(key, request, answer);
    }

    /** Claude Code's token attributes (log and span alike): cache reads and writes apart from input. */
    private static Usage claudeUsage(Map<String, Object> a) {
        Map<String, Object> u = new LinkedHashMap<>();
        putNumber(u, "input_tokens", number(a.get("input_tokens")));
        putNumber(u, "output_tokens", number(a.get("output_tokens")));
        putNumber(u, "cache_read_tokens", number(a.get("cache_read_tokens")));
        putNumber(u, "cache_creation_tokens", number(a.get("cache_creation_tokens")));
        putNumber(u, "cache_write_1h_tokens", number(a.get("cache_creation_1h_tokens")));
        return Usage.fromData(u);
    }

    /** GenAI usage: {@code gen_ai.usage.input_tokens} counts every prompt token, cache reads and writes included. */
    private static Usage genAiUsage(Map<String, Object> a) {
        long input = orZero(number(a.get("gen_ai.usage.input_tokens")));
        long read = orZero(number(a.get("gen_ai.usage.cache_read.input_tokens")));
        long written = orZero(number(a.get("gen_ai.usage.cache_creation.input_tokens")));
        long output = orZero(number(a.get("gen_ai.usage.output_tokens")));
        return Usage.of(Math.max(0, input - read - written), output, read, written);
    }

    // ---- sessions and ids --------------------------------------------------------------------------------

    /** The session of an item: {@code session.id}, else the resource's, else the GenAI conversation, else the trace. */
    private static SessionOrigin origin(Map<String, Object> a, Map<String, Object> resource, String traceId) {
        String external = firstText(a, "session.id", "gen_ai.conversation.id");
        if (external == null) {
            external = firstText(resource, "session.id", "gen_ai.conversation.id");
        }
        if (external == null) {
            external = traceId;
        }
        if (external == null || external.isEmpty()) {
            return null;
        }
        String service = text(resource, "service.name");
        return new SessionOrigin(external, service == null || service.isEmpty() ? "otlp" : service,
                text(resource, "service.version"));
    }

    /** Builds the events of one item with ids derived from its session and its fact's key. */
    private static final class Builder {
        final SessionOrigin origin;
        final String sessionId;
        final double time;
        private final String trace;
        private int n;

        Builder(SessionOrigin origin, double time, String trace) {
            this.origin = origin;
            this.sessionId = origin.sessionId();
            this.time = time;
            this.trace = trace;
        }

        Fact fact(String factKey, TraceEvent... events) {
            // Ids were drawn from the key of the fact being built; re-derive them now that the key is known.
            List<TraceEvent> out = new ArrayList<>(events.length);
            for (int i = 0; i < events.length; i++) {
                TraceEvent e = events[i];
                String parent = e.parentId();
                if (parent != null && parent.startsWith(PENDING)) {
                    parent = eventId(sessionId, factKey, Integer.parseInt(parent.substring(PENDING.length())));
                }
                out.add(new TraceEvent(e.type(), e.timestamp(), eventId(sessionId, factKey, i), sessionId, parent,
                        e.durationMs(), e.data()));
            }
            n = 0;
            return new Fact(origin, factKey, trace, List.copyOf(out));
        }

        /** An event of the fact being built; its id is a placeholder until {@link #fact} names the key. */
        TraceEvent event(EventType type, double ts, String parentId, Double durationMs, Map<String, Object> data) {
            return TraceEvent.of(type, ts, PENDING + n++, sessionId, parentId, durationMs, data);
        }

        /** The id of the first event of another fact of this session. */
        String id(String factKey) {
            return eventId(sessionId, factKey, 0);
        }
    }

    /** Marks an event id (and a parent id naming it) that {@link Builder#fact} replaces. */
    private static final String PENDING = "\u0000pending:";

    /** 12 hex digits from the session, the fact's key and the event's place in the fact. */
    static String eventId(String sessionId, String key, int index) {
        return String.format("%016x", Ids.hash64(sessionId + "\u0000" + key + "\u0000" + index)).substring(0, 12);
    }

    // ---- attribute access --------------------------------------------------------------------------------

    private static String eventName(ReceivedLog l) {
        String name = l.name();
        if (name != null && name.startsWith(CLAUDE)) {
            return name;
        }
        String attr = text(l.attributes(), "event.name");
        if (attr == null || attr.startsWith(CLAUDE)) {
            return attr == null ? name : attr;
        }
        // Claude Code names its events without the prefix in event.name; another program's event.name is its own.
        return "claude-code".equals(text(l.resource(), "service.name")) ? CLAUDE + attr : name;
    }

    private static String toolUseId(Map<String, Object> a) {
        return firstText(a, "tool_use_id", "gen_ai.tool.call.id");
    }

    private static String failure(ReceivedSpan s) {
        String e = text(s.attributes(), "error");
        if (e == null) {
            e = s.statusMessage();
        }
        if (e == null || e.isEmpty()) {
            e = text(s.attributes(), "error.type");
        }
        return e == null || e.isEmpty() ? "failed" : e;
    }

    private double seconds(long nanos) {
        return nanos <= 0 ? now : nanos / 1e9;
    }

    private static Map<String, Object> data() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", "otlp");
        return m;
    }

    /** A stand-in key for an item without an id of its own: its place in the session's event sequence. */
    private static String sequence(Map<String, Object> a) {
        Long seq = number(a.get("event.sequence"));
        return "seq:" + (seq == null ? "?" : seq);
    }

    private static String orSequence(String id, Map<String, Object> a) {
        return id != null ? id : sequence(a);
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }

    private static long orZero(Long n) {
        return n == null ? 0 : Math.max(0, n);
    }

    private static double millis(Object v) {
        Long n = number(v);
        return n == null ? 0 : Math.max(0, n);
    }

    static String text(Map<String, Object> a, String key) {
        Object v = a.get(key);
        if (v instanceof String s) {
            return s.isEmpty() ? null : s;
        }
        if (v instanceof Long || v instanceof Boolean) {
            return v.toString();
        }
        return null;
    }

    private static String firstText(Map<String, Object> a, String... keys) {
        for (String k : keys) {
            String v = text(a, k);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** A whole number from a Long, a finite Double or a decimal string (Claude Code sends some as text). */
    static Long number(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && Double.isFinite(d)) {
            return (long) (double) d;
        }
        if (v instanceof String s && !s.isBlank()) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                try {
                    double d = Double.parseDouble(s.trim());
                    return Double.isFinite(d) ? (long) d : null;
                } catch (NumberFormatException ignored) {
                    return null;
                }
            }
        }
        return null;
    }

    private static Boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return s.equalsIgnoreCase("true") ? Boolean.TRUE : s.equalsIgnoreCase("false") ? Boolean.FALSE : null;
        }
        return null;
    }

    private static Map<String, Object> jsonObject(String text) {
        if (text == null || !text.startsWith("{")) {
            return null;
        }
        try {
            Object parsed = Json.parse(text);
            return parsed instanceof Map<?, ?> ? Json.asObject(parsed) : null;
        } catch (JsonException e) {
            return null;
        }
    }

    /** Claude Code's {@code tool_parameters} as call arguments: a shell command under the hooks' name for it. */
    private static Map<String, Object> arguments(Map<String, Object> parameters) {
        Map<String, Object> args = new LinkedHashMap<>();
        if (parameters == null) {
            return args;
        }
        if (parameters.get("full_command") instanceof String command) {
            args.put("command", command);
            if (parameters.get("description") instanceof String d) {
                args.put("description", d);
            }
            return args;
        }
        args.putAll(parameters);
        return args;
    }

    private static void put(Map<String, Object> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }

    private static void putNumber(Map<String, Object> m, String key, Long value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
