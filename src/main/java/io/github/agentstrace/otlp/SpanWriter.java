package io.github.agentstrace.otlp;

import java.util.List;

/**
 * Receives spans field by field, in the order both OTLP encodings lay them out, so that an encoder writes
 * each span straight into its output as the mapping produces it, with no span object in between. One span
 * is {@link #begin}, any number of {@link #attribute}s, {@link #attributesEnd}, any number of
 * {@link #event}s, then {@link #end}.
 */
interface SpanWriter {
    /** Ids as raw bytes ({@code parentSpanId} null for a trace root), times in Unix nanoseconds. */
    void begin(byte[] traceId, byte[] spanId, byte[] parentSpanId, String name, int kind, long startUnixNano,
               long endUnixNano);

    /** One attribute; {@code value} is already an OTLP value (see {@link KeyValue}). */
    void attribute(String key, Object value);

    /** No more attributes; {@code dropped} were left out by the limits. */
    void attributesEnd(int dropped);

    /** One event on the span. */
    void event(long timeUnixNano, String name, List<KeyValue> attributes, int droppedAttributes);

    /** The span is complete. {@code statusMessage} null for none. */
    void end(int droppedEvents, int statusCode, String statusMessage);
}
