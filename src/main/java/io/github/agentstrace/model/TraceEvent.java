package io.github.agentstrace.model;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of {@code events.ndjson}.
 *
 * <p>{@code type} is the wire name, kept as text so that a session written by a newer tool still loads;
 * {@link #kind()} gives the enum, or null for an unknown name. {@code timestamp} is epoch seconds;
 * {@code sessionId}, {@code parentId} and {@code durationMs} are null when absent. {@code data} is never null.
 */
public record TraceEvent(
        String type,
        double timestamp,
        String eventId,
        String sessionId,
        String parentId,
        Double durationMs,
        Map<String, Object> data) {

    public TraceEvent {
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("event type is required");
        }
        data = data == null ? new LinkedHashMap<>() : data;
    }

    /** A new event of a known type. */
    public static TraceEvent of(EventType type, double timestamp, String eventId, String sessionId,
                                String parentId, Double durationMs, Map<String, Object> data) {
        return new TraceEvent(type.wire(), timestamp, eventId, sessionId, parentId, durationMs, data);
    }

    /** The type, or null when the wire name is not one of the twelve known ones. */
    public EventType kind() {
        return EventType.fromWire(type);
    }

    public TraceEvent withData(Map<String, Object> newData) {
        return new TraceEvent(type, timestamp, eventId, sessionId, parentId, durationMs, newData);
    }

    /**
     * The on-disk object: keys in the original's order, null and empty-string fields omitted
     * ({@code duration_ms: 0.0} is kept), {@code data} always present.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>(8);
        m.put("event_type", type);
        m.put("timestamp", timestamp);
        putIfPresent(m, "event_id", eventId);
        putIfPresent(m, "session_id", sessionId);
        putIfPresent(m, "parent_id", parentId);
        if (durationMs != null) {
            m.put("duration_ms", durationMs);
        }
        m.put("data", data);
        return m;
    }

    /** The event as one compact, ASCII-only JSON line without the newline. */
    public String toLine() {
        return Json.write(toJson(), Json.Style.COMPACT_ASCII);
    }

    /**
     * Reads an event object leniently: unknown keys are ignored, but {@code event_type} and a numeric
     * {@code timestamp} are required.
     */
    public static TraceEvent fromJson(Object parsed) {
        if (!(parsed instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("event is not a JSON object");
        }
        Map<String, Object> m = Json.asObject(parsed);
        String type = Json.asString(m.get("event_type"));
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("event has no event_type");
        }
        if (!(m.get("timestamp") instanceof Number ts)) {
            throw new IllegalArgumentException("event has no numeric timestamp");
        }
        EventType kind = EventType.fromWire(type);
        if (kind != null) {
            type = kind.wire(); // the one instance: every later kind() of the event finds it at once
        }
        Object data = m.get("data");
        Map<String, Object> dataMap = data instanceof Map<?, ?> ? Json.asObject(data) : new LinkedHashMap<>();
        return new TraceEvent(type, ts.doubleValue(), text(m.get("event_id")), text(m.get("session_id")),
                text(m.get("parent_id")), m.get("duration_ms") instanceof Number d ? d.doubleValue() : null,
                dataMap);
    }

    /** Parses one line; throws {@link JsonException} or {@link IllegalArgumentException} on a bad line. */
    public static TraceEvent parseLine(String line) {
        return fromJson(Json.parse(line));
    }

    /** {@link #parseLine(String)} of the first {@code length} chars of {@code line}, read in place. */
    public static TraceEvent parseLine(char[] line, int length) {
        return fromJson(Json.parse(line, length));
    }

    private static String text(Object o) {
        return o instanceof String s && !s.isEmpty() ? s : null;
    }

    private static void putIfPresent(Map<String, Object> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }
}
