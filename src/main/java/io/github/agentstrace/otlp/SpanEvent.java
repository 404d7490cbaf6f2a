package io.github.agentstrace.otlp;

import java.util.List;

/** A timestamped annotation on a span (a prompt, an exception). */
record SpanEvent(long timeUnixNano, String name, List<KeyValue> attributes, int droppedAttributes) {
}
