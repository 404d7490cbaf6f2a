package io.github.agentstrace.otlp;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.model.Usage;
import io.github.agentstrace.session.Step;
import io.github.agentstrace.session.Summary;
import io.github.agentstrace.session.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps one session, as the session model reads it, to spans following the OpenTelemetry GenAI and MCP
 * conventions.
 *
 * <ul>
 *   <li>The session is a root span {@code invoke_agent {agent}} (or, for a subagent session, a child of
 *       the tool-call span that spawned it); prompts, assistant responses, decisions and file access are
 *       events on it. Its counts (tool calls, errors, tokens, cost) are the session model's, the same that
 *       {@code stats} and {@code cost} show.</li>
 *   <li>A tool call and its answer are one span {@code execute_tool {tool}} from the call to the answer;
 *       when the call carries an MCP method, the span is {@code {method} {tool}}, kind CLIENT.</li>
 *   <li>An LLM turn is one span {@code chat {model}} with token usage when known.</li>
 *   <li>Failures get status ERROR, {@code error.type}, and an {@code exception} event.</li>
 * </ul>
 *
 * <p>Calls are paired by the session model's one rule. Spans are written as soon as their call is complete,
 * field by field into a {@link SpanWriter} (an encoder writing its output), with no span object in between;
 * the root span goes last, and its events (bounded by {@link Limits#maxRootEvents}) are all it keeps.
 */
final class SessionMapper {
    private final Limits limits;
    private final SessionMeta meta;
    private final SpanIds ids;
    private final byte[] traceId;
    private final byte[] rootSpanId;
    private final byte[] parentSpanId;
    private final SpanWriter out;
    /** The attributes of the span being written, straight into {@link #out}. */
    private final Attributes spanAttributes;

    private final List<SpanEvent> rootEvents = new ArrayList<>();
    private int droppedRootEvents;
    private String sessionModel;
    private Long exitCode;
    private double lastTimestamp;
    private long spans;

    SessionMapper(Limits limits, SessionMeta meta, SpanIds ids, byte[] traceId, byte[] parentSpanId,
                  SpanWriter out) {
        this.limits = limits;
        this.meta = meta;
        this.ids = ids;
        this.traceId = traceId;
        this.rootSpanId = ids.rootSpanId(meta.sessionId());
        this.parentSpanId = parentSpanId;
        this.out = out;
        this.spanAttributes = new Attributes(limits.maxValueLength(), limits.maxAttributes(), out);
        this.lastTimestamp = meta.startedAt();
    }

    /** Spans written so far. */
    long spans() {
        return spans;
    }

    /** One step of the session model. */
    void step(Step s) {
        TraceEvent e = s.event();
        if (!s.leftover()) {
            lastTimestamp = Math.max(lastTimestamp, e.timestamp());
        }
        EventType kind = e.kind();
        if (s.call() != null) {
            boolean isCall = kind == EventType.TOOL_CALL;
            toolSpan(isCall ? e : s.partner(), isCall ? s.partner() : e);
            return;
        }
        if (s.turn() != null) {
            if (sessionModel == null) {
                sessionModel = s.turn().model();
            }
            boolean isRequest = kind == EventType.LLM_REQUEST;
            chatSpan(isRequest ? e : s.partner(), isRequest ? s.partner() : e, s.turn());
            return;
        }
        if (s.standaloneError()) {
            errorSpan(e);
            return;
        }
        if (kind == null) {
            rootEvent(e, e.type());
            return;
        }
        switch (kind) {
            case SESSION_START -> {
                if (sessionModel == null) {
                    sessionModel = Json.asString(e.data().get("model"));
                }
            }
            case SESSION_END -> exitCode = Attributes.asLong(e.data().get("exit_code"));
            case TOOL_CALL, LLM_REQUEST, TOOL_RESULT, LLM_RESPONSE, ERROR -> {
                // Waiting for its partner: its span comes when the pair completes.
            }
            default -> rootEvent(e, e.type());
        }
    }

    /** Writes the root span, with the session model's facts. */
    void finish(Summary summary) {
        rootSpan(summary);
    }

    // ---- tool calls ----

    private void toolSpan(TraceEvent call, TraceEvent end) {
        TraceEvent first = call != null ? call : end;
        Map<String, Object> cd = call != null ? call.data() : Map.of();
        Map<String, Object> ed = end != null ? end.data() : Map.of();
        String tool = text(Attributes.first(cd, "tool_name", "name"));
        if (tool == null) {
            tool = text(Attributes.first(ed, "tool_name", "name"));
        }
        if (tool == null) {
            tool = "tool";
        }
        String mcpMethod = mcpMethod(cd);
        if (mcpMethod == null) {
            mcpMethod = mcpMethod(ed);
        }
        String name = mcpMethod != null ? mcpMethod + " " + tool : "execute_tool " + tool;
        int kind = mcpMethod != null ? Span.KIND_CLIENT : Span.KIND_INTERNAL;
        Attributes a = begin(spanIdFor(first), name, kind, call, end);
        a.put("gen_ai.operation.name", "execute_tool");
        a.put("gen_ai.tool.name", tool);
        String callId = text(Attributes.first(cd, "tool_use_id", "tool_call_id", "call_id"));
        if (callId == null) {
            callId = text(Attributes.first(ed, "tool_use_id", "tool_call_id", "call_id"));
        }
        a.put("gen_ai.tool.call.id", callId != null ? callId : idOf(first));
        a.put("gen_ai.conversation.id", meta.sessionId());
        mcpAttributes(a, mcpMethod, cd, ed, first);
        if (cd.containsKey("arguments")) {
            a.put("gen_ai.tool.call.arguments", Json.text(cd.get("arguments")));
        }
        Object result = Attributes.first(ed, "result", "output", "content_preview", "tool_response");
        if (result != null && (end == null || end.kind() != EventType.ERROR)) {
            a.put("gen_ai.tool.call.result", Json.text(result));
        }
        a.putText("agent_strace.event_id", first.eventId());
        if (call == null) {
            a.put("agent_strace.unmatched", "result without a recorded call");
        } else if (end == null) {
            a.put("agent_strace.incomplete", true);
        }
        end(a, end);
    }

    // ---- LLM calls ----

    private void chatSpan(TraceEvent request, TraceEvent end, Turn turn) {
        TraceEvent first = request != null ? request : end;
        Map<String, Object> rq = request != null ? request.data() : Map.of();
        Map<String, Object> rs = end != null ? end.data() : Map.of();
        String model = text(rq.get("model"));
        String responseModel = text(rs.get("model"));
        // The span is named for the model asked for (the convention); pricing uses the model that answered.
        String shownModel = model != null ? model : turn.model();
        Attributes a = begin(spanIdFor(first), shownModel != null ? "chat " + shownModel : "chat", Span.KIND_CLIENT,
                request, end);
        a.put("gen_ai.operation.name", "chat");
        a.putText("gen_ai.provider.name", provider(shownModel));
        a.putText("gen_ai.request.model", model != null ? model : shownModel);
        a.putText("gen_ai.response.model", responseModel);
        a.putText("gen_ai.response.id", text(Attributes.first(rs, "response_id", "id", "message_id")));
        a.put("gen_ai.conversation.id", meta.sessionId());
        Object finish = Attributes.first(rs, "stop_reason", "finish_reason", "finish_reasons", "stop_reasons");
        if (finish instanceof String s) {
            a.put("gen_ai.response.finish_reasons", List.of(s));
        } else if (finish instanceof List<?> l) {
            a.put("gen_ai.response.finish_reasons", l);
        }
        copyNumber(a, "gen_ai.request.max_tokens", rq.get("max_tokens"));
        copyNumber(a, "gen_ai.request.temperature", rq.get("temperature"));
        if (turn.usage() != null) {
            usage(a, turn.usage());
        }
        if (turn.costUsd() != null) {
            a.put("agent_strace.cost_usd", PriceTable.roundUsd(turn.costUsd()));
        }
        String mcpMethod = mcpMethod(rq);
        mcpAttributes(a, mcpMethod, rq, rs, first);
        copyNumber(a, "agent_strace.message_count", rq.get("message_count"));
        Object preview = Attributes.first(rs, "content_preview", "text", "content");
        if (preview != null && (end == null || end.kind() != EventType.ERROR)) {
            a.put("agent_strace.response_preview", Json.text(preview));
        }
        a.putText("agent_strace.event_id", first.eventId());
        if (request == null) {
            a.put("agent_strace.unmatched", "response without a recorded request");
        } else if (end == null) {
            a.put("agent_strace.incomplete", true);
        }
        end(a, end);
    }

    // ---- stand-alone errors ----

    private void errorSpan(TraceEvent e) {
        Attributes a = begin(spanIdFor(e), "error", Span.KIND_INTERNAL, null, e);
        a.put("gen_ai.conversation.id", meta.sessionId());
        a.putText("agent_strace.event_id", e.eventId());
        mcpAttributes(a, mcpMethod(e.data()), e.data(), Map.of(), e);
        end(a, e);
    }

    /**
     * Starts the span from {@code start} (or {@code end} alone) to {@code end}: the recorded duration when the
     * end event has one, else the time between the two events. Returns the span's attributes to put.
     */
    private Attributes begin(byte[] spanId, String name, int kind, TraceEvent start, TraceEvent end) {
        long startNs;
        long endNs;
        Double duration = end != null ? end.durationMs() : null;
        boolean durationKnown = duration != null && duration >= 0 && !duration.isInfinite();
        if (start != null) {
            startNs = SpanIds.nanos(start.timestamp());
            endNs = end == null ? startNs
                    : durationKnown ? startNs + Math.round(duration * 1e6) : SpanIds.nanos(end.timestamp());
        } else {
            endNs = SpanIds.nanos(end.timestamp());
            startNs = durationKnown ? endNs - Math.round(duration * 1e6) : endNs;
        }
        endNs = Math.max(startNs, endNs);
        out.begin(traceId, spanId, rootSpanId, name, kind, startNs, endNs);
        return spanAttributes.reset();
    }

    /** Completes the span {@link #begin} started: an error end sets status, {@code error.type} and exception. */
    private void end(Attributes a, TraceEvent end) {
        int status = Span.STATUS_UNSET;
        String message = null;
        Attributes exception = null;
        if (end != null) {
            Map<String, Object> d = end.data();
            if (end.kind() == EventType.ERROR) {
                message = errorMessage(d);
                String type = errorType(d);
                a.put("error.type", type);
                status = Span.STATUS_ERROR;
                exception = attrs();
                exception.put("exception.type", type);
                exception.put("exception.message", message);
            } else if (Boolean.TRUE.equals(d.get("is_error")) || Boolean.TRUE.equals(d.get("isError"))) {
                a.put("error.type", "tool_error");
                status = Span.STATUS_ERROR;
                Object r = Attributes.first(d, "result", "content_preview", "error", "message");
                message = r == null ? "tool reported an error" : Json.text(r);
            }
        }
        out.attributesEnd(a.dropped());
        if (exception != null) {
            out.event(SpanIds.nanos(end.timestamp()), "exception", exception.list(), exception.dropped());
        }
        out.end(0, status, message == null ? null : Attributes.cap(message, 1024));
        spans++;
    }

    // ---- the session ----

    private void rootEvent(TraceEvent e, String name) {
        if (rootEvents.size() >= limits.maxRootEvents()) {
            droppedRootEvents++;
            return;
        }
        Attributes a = attrs();
        Map<String, Object> d = e.data();
        EventType kind = e.kind();
        if (kind == EventType.USER_PROMPT) {
            a.put("prompt", Attributes.first(d, "prompt", "text"));
        } else if (kind == EventType.ASSISTANT_RESPONSE) {
            a.put("text", Attributes.first(d, "text", "response", "content"));
        } else {
            for (Map.Entry<String, Object> entry : d.entrySet()) {
                a.put(entry.getKey(), entry.getValue());
            }
        }
        a.putText("agent_strace.event_id", e.eventId());
        rootEvents.add(new SpanEvent(SpanIds.nanos(e.timestamp()), name, a.list(), a.dropped()));
    }

    private void rootSpan(Summary summary) {
        String agent = meta.agentName();
        long start = SpanIds.nanos(meta.startedAt());
        double endSeconds = meta.endedAt() != null ? meta.endedAt() : meta.startedAt() + meta.totalDurationMs() / 1000.0;
        long end = Math.max(start, SpanIds.nanos(Math.max(endSeconds, lastTimestamp)));
        out.begin(traceId, rootSpanId, parentSpanId, agent.isEmpty() ? "invoke_agent" : "invoke_agent " + agent,
                Span.KIND_INTERNAL, start, end);
        Attributes a = spanAttributes.reset();
        a.put("gen_ai.operation.name", "invoke_agent");
        a.putText("gen_ai.agent.name", agent);
        a.put("gen_ai.conversation.id", meta.sessionId());
        String provider = provider(sessionModel);
        a.putText("gen_ai.provider.name", provider != null ? provider : provider(agent));
        a.putText("gen_ai.request.model", sessionModel);
        if (summary.turnsWithUsage() > 0) {
            usage(a, summary.usage());
        }
        a.put("agent_strace.session_id", meta.sessionId());
        a.putText("agent_strace.command", meta.command());
        a.put("agent_strace.tool_calls", summary.toolCalls());
        a.put("agent_strace.llm_turns", summary.turns());
        a.put("agent_strace.errors", summary.errors());
        a.put("agent_strace.total_tokens", summary.tokens());
        a.put("agent_strace.cost_usd", PriceTable.roundUsd(summary.costUsd()));
        if (!summary.unpricedModels().isEmpty()) {
            a.put("agent_strace.unpriced_models", summary.unpricedModels());
        }
        if (summary.interrupted() > 0) {
            a.put("agent_strace.interrupted_calls", summary.interrupted());
        }
        if (summary.pending() > 0) {
            a.put("agent_strace.pending_calls", summary.pending());
        }
        if (meta.depth() > 0) {
            a.put("agent_strace.depth", (long) meta.depth());
        }
        a.putText("agent_strace.parent_session_id", meta.parentSessionId());
        a.putText("agent_strace.parent_event_id", meta.parentEventId());
        for (Map.Entry<String, Object> entry : meta.attribution().entrySet()) {
            a.put("agent_strace.attribution." + entry.getKey(), entry.getValue());
        }
        int status = Span.STATUS_UNSET;
        String message = null;
        if (exitCode != null && exitCode != 0) {
            status = Span.STATUS_ERROR;
            message = "exit code " + exitCode;
            a.put("error.type", "exit_code_" + exitCode);
        }
        out.attributesEnd(a.dropped());
        for (SpanEvent e : rootEvents) {
            out.event(e.timeUnixNano(), e.name(), e.attributes(), e.droppedAttributes());
        }
        out.end(droppedRootEvents, status, message);
        spans++;
    }

    // ---- helpers ----

    private Attributes attrs() {
        return new Attributes(limits.maxValueLength(), limits.maxAttributes());
    }

    private byte[] spanIdFor(TraceEvent e) {
        return ids.eventSpanId(meta.sessionId(), idOf(e));
    }

    /** The event id, or a stable stand-in (its position) for events recorded without one. */
    private String idOf(TraceEvent e) {
        if (e.eventId() != null) {
            return e.eventId();
        }
        // Same answer on every export, so span ids stay stable.
        return e.type() + "@" + Json.formatNumber(e.timestamp());
    }

    private static String requestId(TraceEvent e) {
        Object rid = e.data().get("request_id");
        return rid == null ? null : Json.text(rid);
    }

    /** The MCP method an event names: {@code mcp_method}, else a JSON-RPC style {@code method} ("tools/call"). */
    private static String mcpMethod(Map<String, Object> d) {
        String m = text(Attributes.first(d, "mcp_method", "mcp.method.name"));
        if (m != null) {
            return m;
        }
        String method = text(d.get("method"));
        return method != null && method.indexOf('/') > 0 && !method.contains(" ") ? method : null;
    }

    private static void mcpAttributes(Attributes a, String method, Map<String, Object> first,
                                      Map<String, Object> second, TraceEvent e) {
        a.putText("mcp.method.name", method);
        // Each from the first event that has it, in this order: session id, version of the first, then the second's.
        String session = text(Attributes.first(first, "mcp_session_id", "mcp.session.id"));
        String version = text(Attributes.first(first, "mcp_protocol_version", "protocol_version"));
        a.putText("mcp.session.id", session);
        a.putText("mcp.protocol.version", version);
        if (session == null) {
            a.putText("mcp.session.id", text(Attributes.first(second, "mcp_session_id", "mcp.session.id")));
        }
        if (version == null) {
            a.putText("mcp.protocol.version", text(Attributes.first(second, "mcp_protocol_version", "protocol_version")));
        }
        String rid = requestId(e);
        if (rid != null) {
            a.put("jsonrpc.request.id", rid);
        }
    }

    private static String errorMessage(Map<String, Object> d) {
        Object m = Attributes.first(d, "error", "message", "error_message", "exception");
        if (m == null) {
            return "error";
        }
        if (m instanceof Map<?, ?> obj && Json.asObject(obj).get("message") instanceof String s) {
            return s;
        }
        return Json.text(m);
    }

    private static String errorType(Map<String, Object> d) {
        String t = text(Attributes.first(d, "exception_type", "error_type", "type"));
        if (t != null) {
            return t;
        }
        Object code = d.get("code");
        if (code instanceof Number || code instanceof String) {
            return Json.text(code); // a JSON-RPC error code, as the MCP conventions want it
        }
        return d.get("tool_name") != null ? "tool_error" : "error";
    }

    /**
     * Token usage as the GenAI conventions count it: {@code input_tokens} is every prompt token, cached or not
     * (the cache read and cache creation attributes are parts of it), so input plus output is every token.
     */
    private static void usage(Attributes a, Usage u) {
        a.put("gen_ai.usage.input_tokens", u.promptTokens());
        a.put("gen_ai.usage.output_tokens", u.outputTokens());
        if (u.cacheReadTokens() > 0) {
            a.put("gen_ai.usage.cache_read.input_tokens", u.cacheReadTokens());
        }
        if (u.cacheWriteTokens() > 0) {
            a.put("gen_ai.usage.cache_creation.input_tokens", u.cacheWriteTokens());
        }
    }

    private static void copyNumber(Attributes a, String key, Object v) {
        if (v instanceof Number) {
            a.put(key, v);
        }
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        String s = Json.text(v);
        return s.isEmpty() ? null : s;
    }

    /** The gen_ai.provider.name a model or agent name suggests, or null when it says nothing. */
    static String provider(String name) {
        if (name == null) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("claude") || n.contains("anthropic")) {
            return "anthropic";
        }
        if (n.contains("gpt") || n.contains("openai") || n.startsWith("o1") || n.startsWith("o3") || n.startsWith("o4")
                || n.startsWith("codex")) {
            return "openai";
        }
        if (n.contains("gemini")) {
            return "gcp.gemini";
        }
        if (n.contains("mistral")) {
            return "mistral_ai";
        }
        if (n.contains("deepseek")) {
            return "deepseek";
        }
        return null;
    }
}
