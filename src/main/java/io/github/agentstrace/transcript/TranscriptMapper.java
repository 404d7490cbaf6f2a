package io.github.agentstrace.transcript;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.Texts;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.model.Usage;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns Claude Code transcript lines into trace events, in file order.
 *
 * <p>One API response is written as several lines (one per content block) that repeat its
 * {@code message.id} and a growing copy of {@code usage}; the mapper keeps the response open while its
 * lines keep coming and emits one {@code llm_request}/{@code llm_response} pair for it, with the largest
 * usage seen. Ids already emitted (passed in, e.g. from an earlier incremental read) are never emitted again.
 * Tool results are paired with their calls by {@code tool_use_id}.
 */
final class TranscriptMapper {
    /** Longest text kept in a prompt, response or result preview. */
    static final int MAX_TEXT = 16 * 1024;

    private final String sessionId;
    private final Ids ids;
    private final boolean turnsOnly;
    private final Set<String> emittedMessageIds;
    private final Consumer<TraceEvent> out;
    private final Map<String, PendingCall> pendingCalls = new HashMap<>();
    private final Map<String, String> agentCallByAgentId = new LinkedHashMap<>();
    private OpenTurn open;
    private double lastTimestamp;
    private double firstTimestamp = Double.NaN;
    private Usage total = Usage.ZERO;
    private long turns;

    private record PendingCall(String eventId, double timestamp, String toolName) {
    }

    private static final class OpenTurn {
        final String messageId;
        final String requestEventId;
        final double start;
        final long startOffset;
        String model;
        String stopReason;
        Usage usage = Usage.ZERO;
        double end;

        OpenTurn(String messageId, String requestEventId, double start, long startOffset) {
            this.messageId = messageId;
            this.requestEventId = requestEventId;
            this.start = start;
            this.startOffset = startOffset;
            this.end = start;
        }
    }

    /**
     * @param turnsOnly emit only LLM turns (hooks record prompts and tools themselves)
     * @param emittedMessageIds message ids already turned into events; updated as turns are emitted
     */
    TranscriptMapper(String sessionId, Ids ids, boolean turnsOnly, Set<String> emittedMessageIds,
                     Consumer<TraceEvent> out) {
        this.sessionId = sessionId;
        this.ids = ids;
        this.turnsOnly = turnsOnly;
        this.emittedMessageIds = emittedMessageIds;
        this.out = out;
    }

    /** Maps one transcript line that starts at byte {@code offset} of its file. */
    void line(Map<String, Object> line, long offset) {
        String type = Json.asString(line.get("type"));
        if (type == null) {
            return;
        }
        double ts = timestamp(line.get("timestamp"));
        if (ts <= 0) {
            ts = lastTimestamp; // a line without a usable time happened no earlier than the one before it
        }
        switch (type) {
            case "assistant" -> assistant(line, ts, offset);
            case "user" -> {
                closeTurn();
                user(line, ts);
            }
            default -> { } // system, summary, progress, file-history-snapshot, queue-operation, ...: not events
        }
    }

    /** Emits the response still open at the end of the input. */
    void finish() {
        closeTurn();
    }

    /**
     * For incremental reads: the offset to read from next time when the response still open at the end of
     * this read may be incomplete (no stop reason yet: more of its lines are coming), else -1 after
     * emitting it. An incomplete response is dropped here and read again, whole, next time.
     */
    long finishOrRewind() {
        if (open != null && open.stopReason == null) {
            long rewind = open.startOffset;
            open = null;
            return rewind;
        }
        closeTurn();
        return -1;
    }

    Usage totalUsage() {
        return total;
    }

    long turns() {
        return turns;
    }

    double firstTimestamp() {
        return firstTimestamp;
    }

    double lastTimestamp() {
        return lastTimestamp;
    }

    /** Agent ids of subagents launched by this transcript, with the event id of the spawning tool call. */
    Map<String, String> agentCalls() {
        return agentCallByAgentId;
    }

    private void assistant(Map<String, Object> line, double ts, long offset) {
        Map<String, Object> msg = Json.asObject(line.get("message"));
        String model = Json.asString(msg.get("model"));
        String messageId = Json.asString(msg.get("id"));
        boolean synthetic = "<synthetic>".equals(model);
        if (!synthetic && messageId != null && !emittedMessageIds.contains(messageId)) {
            if (open == null || !open.messageId.equals(messageId)) {
                closeTurn();
                String requestId = ids.eventId();
                // The request went out when the last non-assistant line was written.
                double start = lastTimestamp > 0 && lastTimestamp <= ts ? lastTimestamp : ts;
                open = new OpenTurn(messageId, requestId, start, offset);
                if (!turnsOnly) {
                    emitRequest(open, model);
                }
            }
            open.model = model;
            if (msg.get("stop_reason") instanceof String s) {
                open.stopReason = s;
            }
            open.usage = open.usage.max(Usage.fromData(Json.asObject(msg.get("usage"))));
            open.end = Math.max(open.end, ts);
        }
        if (!turnsOnly && !synthetic) {
            for (Object block : Json.asArray(msg.get("content"))) {
                Map<String, Object> b = Json.asObject(block);
                String kind = Json.asString(b.get("type"));
                if ("text".equals(kind) && b.get("text") instanceof String text && !text.isBlank()) {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("text", cap(text));
                    if (model != null) {
                        data.put("model", model);
                    }
                    emit(EventType.ASSISTANT_RESPONSE, ts, ids.eventId(), null, null, data);
                } else if ("tool_use".equals(kind)) {
                    String toolName = Json.asString(b.get("name"));
                    String useId = Json.asString(b.get("id"));
                    String eventId = ids.eventId();
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("tool_name", toolName == null ? "tool" : toolName);
                    data.put("arguments", b.get("input") instanceof Map<?, ?> ? b.get("input") : Map.of());
                    if (useId != null) {
                        data.put("tool_use_id", useId);
                        pendingCalls.put(useId, new PendingCall(eventId, ts, toolName));
                    }
                    if (Boolean.TRUE.equals(line.get("isSidechain"))) {
                        data.put("is_sidechain", true);
                    }
                    emit(EventType.TOOL_CALL, ts, eventId, null, null, data);
                }
            }
        }
        lastTimestamp = Math.max(lastTimestamp, ts);
    }

    private void user(Map<String, Object> line, double ts) {
        lastTimestamp = Math.max(lastTimestamp, ts);
        if (turnsOnly) {
            return;
        }
        Map<String, Object> msg = Json.asObject(line.get("message"));
        Object content = msg.get("content");
        boolean meta = Boolean.TRUE.equals(line.get("isMeta"));
        if (content instanceof String text) {
            prompt(text, meta, ts);
            return;
        }
        Map<String, Object> toolUseResult = Json.asObject(line.get("toolUseResult"));
        for (Object block : Json.asArray(content)) {
            Map<String, Object> b = Json.asObject(block);
            String kind = Json.asString(b.get("type"));
            if ("text".equals(kind) && b.get("text") instanceof String text) {
                prompt(text, meta, ts);
            } else if ("tool_result".equals(kind)) {
                toolResult(b, toolUseResult, ts);
            }
        }
    }

    private void prompt(String text, boolean meta, double ts) {
        // Meta lines and local command echoes are Claude Code's bookkeeping, not the user's words.
        if (meta || text.isBlank() || text.startsWith("<command-") || text.startsWith("<local-command-")) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("prompt", cap(text));
        emit(EventType.USER_PROMPT, ts, ids.eventId(), null, null, data);
    }

    private void toolResult(Map<String, Object> block, Map<String, Object> toolUseResult, double ts) {
        String useId = Json.asString(block.get("tool_use_id"));
        PendingCall call = useId == null ? null : pendingCalls.remove(useId);
        boolean isError = Boolean.TRUE.equals(block.get("is_error"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tool_name", call != null && call.toolName() != null ? call.toolName() : "tool");
        if (useId != null) {
            data.put("tool_use_id", useId);
        }
        String text = resultText(block.get("content"));
        if (isError) {
            data.put("error", cap(text));
            data.put("is_error", true);
        } else {
            data.put("result", cap(text));
        }
        String agentId = Json.asString(toolUseResult.get("agentId"));
        if (agentId != null && call != null) {
            agentCallByAgentId.put(agentId, call.eventId());
            data.put("agent_id", agentId);
        }
        Double duration = call == null ? null : Math.max(0, (ts - call.timestamp()) * 1000.0);
        emit(isError ? EventType.ERROR : EventType.TOOL_RESULT, ts, ids.eventId(),
                call == null ? null : call.eventId(), duration, data);
    }

    private static String resultText(Object content) {
        if (content instanceof String s) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (Object part : Json.asArray(content)) {
            Map<String, Object> p = Json.asObject(part);
            if (p.get("text") instanceof String t) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(t);
            } else if (!p.isEmpty()) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append("[").append(Json.text(p.getOrDefault("type", "content"))).append("]");
            }
        }
        return content == null ? "" : sb.toString();
    }

    private void emitRequest(OpenTurn t, String model) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("model", model);
        data.put("message_id", t.messageId);
        data.put("source", "transcript");
        emit(EventType.LLM_REQUEST, t.start, t.requestEventId, null, null, data);
    }

    private void closeTurn() {
        if (open == null) {
            return;
        }
        OpenTurn t = open;
        open = null;
        if (turnsOnly) {
            // Incremental reads emit a turn only once it is complete, request and response together.
            emitRequest(t, t.model);
        }
        emittedMessageIds.add(t.messageId);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("model", t.model);
        data.put("message_id", t.messageId);
        if (t.stopReason != null) {
            data.put("stop_reason", t.stopReason);
        }
        data.putAll(t.usage.toData());
        data.put("source", "transcript");
        total = total.plus(t.usage);
        turns++;
        emit(EventType.LLM_RESPONSE, t.end, ids.eventId(), t.requestEventId, (t.end - t.start) * 1000.0, data);
    }

    private void emit(EventType type, double ts, String eventId, String parentId, Double durationMs,
                      Map<String, Object> data) {
        if (Double.isNaN(firstTimestamp) && ts > 0) {
            firstTimestamp = ts;
        }
        out.accept(TraceEvent.of(type, ts, eventId, sessionId, parentId, durationMs, data));
    }

    private static String cap(String s) {
        return Texts.cut(s, MAX_TEXT);
    }

    /** ISO-8601 to epoch seconds; 0 when absent or unreadable (the caller falls back to neighbours). */
    static double timestamp(Object value) {
        if (value instanceof String s) {
            try {
                return Clock.epochSeconds(Instant.parse(s));
            } catch (DateTimeParseException e) {
                return 0;
            }
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d > 1e12 ? d / 1000.0 : d; // milliseconds in some writers
        }
        return 0;
    }
}
