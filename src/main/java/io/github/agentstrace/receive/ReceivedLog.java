package io.github.agentstrace.receive;

import java.util.Map;

/**
 * One OTLP log record as decoded, with its resource's attributes. Times are Unix nanoseconds (0 when absent);
 * ids are lowercase hex, or null when absent. Attribute values are String, Boolean, Long, Double, List or Map
 * (an OTLP array or key-value list); bytes become base64 text.
 */
record ReceivedLog(Map<String, Object> resource, long timeNanos, long observedNanos, Object body,
                   Map<String, Object> attributes, String traceId, String spanId, String eventName) {

    /** The event's name: {@code event_name}, else a string body (what Claude Code sends), else null. */
    String name() {
        if (eventName != null && !eventName.isEmpty()) {
            return eventName;
        }
        return body instanceof String s ? s : null;
    }

    /** The time the event happened, else when it was observed, in nanoseconds; 0 when neither is known. */
    long nanos() {
        return timeNanos != 0 ? timeNanos : observedNanos;
    }
}
