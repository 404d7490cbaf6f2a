package io.github.agentstrace.model;

import java.util.HashMap;
import java.util.Map;

/** The twelve event types of the trace format, with their exact wire names. */
public enum EventType {
    SESSION_START("session_start"),
    SESSION_END("session_end"),
    TOOL_CALL("tool_call"),
    TOOL_RESULT("tool_result"),
    LLM_REQUEST("llm_request"),
    LLM_RESPONSE("llm_response"),
    FILE_READ("file_read"),
    FILE_WRITE("file_write"),
    DECISION("decision"),
    ERROR("error"),
    USER_PROMPT("user_prompt"),
    ASSISTANT_RESPONSE("assistant_response");

    private static final Map<String, EventType> BY_WIRE = new HashMap<>();

    static {
        for (EventType t : values()) {
            BY_WIRE.put(t.wire, t);
        }
    }

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    /** The name used in {@code events.ndjson}. */
    public String wire() {
        return wire;
    }

    /** The type for a wire name, or null for a name this version does not know. */
    public static EventType fromWire(String wire) {
        return wire == null ? null : BY_WIRE.get(wire);
    }

    @Override
    public String toString() {
        return wire;
    }
}
