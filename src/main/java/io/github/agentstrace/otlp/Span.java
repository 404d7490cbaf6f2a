package io.github.agentstrace.otlp;

import java.util.List;

/**
 * One span, already in OTLP terms: ids are raw bytes (16 for the trace, 8 for spans; {@code parentSpanId}
 * null for a trace root), times are Unix nanoseconds, {@code kind} and {@code statusCode} the proto enum
 * numbers. Encoders write it as it is.
 */
record Span(byte[] traceId, byte[] spanId, byte[] parentSpanId, String name, int kind, long startUnixNano,
            long endUnixNano, List<KeyValue> attributes, int droppedAttributes, List<SpanEvent> events,
            int droppedEvents, int statusCode, String statusMessage) {

    static final int KIND_INTERNAL = 1;
    static final int KIND_CLIENT = 3;
    static final int STATUS_UNSET = 0;
    static final int STATUS_OK = 1;
    static final int STATUS_ERROR = 2;
}
