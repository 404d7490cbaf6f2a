package io.github.agentstrace.receive;

import java.util.Map;

/**
 * One OTLP span as decoded, with its resource's attributes. Times are Unix nanoseconds; ids lowercase hex
 * ({@code parentSpanId} null for a root); {@code statusCode} 0 unset, 1 ok, 2 error. Attribute values as in
 * {@link ReceivedLog}.
 */
record ReceivedSpan(Map<String, Object> resource, String traceId, String spanId, String parentSpanId, String name,
                    long startNanos, long endNanos, Map<String, Object> attributes, int statusCode,
                    String statusMessage) {
}
