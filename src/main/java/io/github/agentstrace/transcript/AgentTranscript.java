package io.github.agentstrace.transcript;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.Texts;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.model.Usage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the transcript readers of agents other than Claude Code ({@link CodexRollout}, {@link GeminiChat})
 * share: the events they write, in the shapes the Claude Code import writes them (an {@code llm_request} and
 * an {@code llm_response} with the turn's exact usage per model call, tool calls paired by the agent's call
 * id), and the totals the session's end reports.
 */
final class AgentTranscript {
    private final String sessionId;
    private final Ids ids;
    private final Consumer<TraceEvent> out;
    private final Map<String, String> callEvents = new HashMap<>();
    private final Map<String, Double> callTimes = new HashMap<>();
    private Usage total = Usage.ZERO;
    private long turns;
    private double last;

    AgentTranscript(String sessionId, Ids ids, Consumer<TraceEvent> out) {
        this.sessionId = sessionId;
        this.ids = ids;
        this.out = out;
    }

    long turns() {
        return turns;
    }

    Usage totalUsage() {
        return total;
    }

    /** The latest timestamp written (0: none). */
    double lastTimestamp() {
        return last;
    }

    void userPrompt(double ts, String text) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("prompt", Texts.cut(text, TranscriptMapper.MAX_TEXT));
        data.put("source", "transcript");
        emit(EventType.USER_PROMPT, ts, ids.eventId(), null, null, data);
    }

    void assistantResponse(double ts, String text) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", Texts.cut(text, TranscriptMapper.MAX_TEXT));
        data.put("source", "transcript");
        emit(EventType.ASSISTANT_RESPONSE, ts, ids.eventId(), null, null, data);
    }

    /** One model call: its request at {@code start}, its response at {@code end} with its exact usage. */
    void turn(double start, double end, String model, Usage usage, Map<String, Object> extra) {
        String request = ids.eventId();
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("model", model);
        req.put("source", "transcript");
        emit(EventType.LLM_REQUEST, start, request, null, null, req);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("model", model);
        data.putAll(extra);
        data.putAll(usage.toData());
        data.put("source", "transcript");
        total = total.plus(usage);
        turns++;
        emit(EventType.LLM_RESPONSE, end, ids.eventId(), request, Math.max(0, end - start) * 1000.0, data);
    }

    void toolCall(double ts, String callId, String tool, Object arguments) {
        String eventId = ids.eventId();
        if (callId != null) {
            callEvents.put(callId, eventId);
            callTimes.put(callId, ts);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tool_name", tool);
        data.put("arguments", arguments == null ? new LinkedHashMap<String, Object>() : arguments);
        if (callId != null) {
            data.put("tool_use_id", callId);
        }
        data.put("source", "transcript");
        emit(EventType.TOOL_CALL, ts, eventId, null, null, data);
    }

    /** A call's outcome: a tool_result, or ({@code error}) an error, answering the call with this id. */
    void toolResult(double ts, String callId, String tool, String text, boolean error) {
        String parent = callId == null ? null : callEvents.remove(callId);
        Double started = callId == null ? null : callTimes.remove(callId);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tool_name", tool);
        data.put(error ? "error" : "result", Texts.cut(text == null ? "" : text, TranscriptMapper.MAX_TEXT));
        if (callId != null) {
            data.put("tool_use_id", callId);
        }
        data.put("source", "transcript");
        emit(error ? EventType.ERROR : EventType.TOOL_RESULT, ts, ids.eventId(), parent,
                started == null ? null : Math.max(0, ts - started) * 1000.0, data);
    }

    private void emit(EventType type, double ts, String eventId, String parent, Double duration,
                      Map<String, Object> data) {
        last = Math.max(last, ts);
        out.accept(TraceEvent.of(type, ts, eventId, sessionId, parent, duration, data));
    }

    /** A text from a string, or the text parts of a list of parts ({@code {"text": …}}), else compact JSON. */
    static String text(Object content) {
        if (content == null) {
            return "";
        }
        if (content instanceof String s) {
            return s;
        }
        if (content instanceof List<?> parts) {
            StringBuilder sb = new StringBuilder();
            for (Object p : parts) {
                Object t = p instanceof String ? p : Json.asObject(p).get("text");
                if (t instanceof String s) {
                    sb.append(sb.length() > 0 ? "\n" : "").append(s);
                }
            }
            return sb.toString();
        }
        return Json.write(content);
    }

    static long count(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? Math.max(0, n.longValue()) : 0;
    }
}
