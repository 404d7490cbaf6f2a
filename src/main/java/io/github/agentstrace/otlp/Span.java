package io.github.agentstrace.otlp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One span, already in OTLP terms: ids are raw bytes (16 for the trace, 8 for spans; {@code parentSpanId}
 * null for a trace root), times are Unix nanoseconds, {@code kind} and {@code statusCode} the proto enum
 * numbers. The export itself streams spans through a {@link SpanWriter}; this is the same span held whole,
 * for callers that want to look at spans one by one ({@link #collector}) and to encode one ({@link #writeTo}).
 */
record Span(byte[] traceId, byte[] spanId, byte[] parentSpanId, String name, int kind, long startUnixNano,
            long endUnixNano, List<KeyValue> attributes, int droppedAttributes, List<SpanEvent> events,
            int droppedEvents, int statusCode, String statusMessage) {

    static final int KIND_INTERNAL = 1;
    static final int KIND_CLIENT = 3;
    static final int STATUS_UNSET = 0;
    static final int STATUS_OK = 1;
    static final int STATUS_ERROR = 2;

    /** Hands this span to {@code w}, field by field. */
    void writeTo(SpanWriter w) {
        w.begin(traceId, spanId, parentSpanId, name, kind, startUnixNano, endUnixNano);
        for (KeyValue kv : attributes) {
            w.attribute(kv.key(), kv.value());
        }
        w.attributesEnd(droppedAttributes);
        for (SpanEvent e : events) {
            w.event(e.timeUnixNano(), e.name(), e.attributes(), e.droppedAttributes());
        }
        w.end(droppedEvents, statusCode, statusMessage);
    }

    /** A writer that assembles each span it is given and hands it to {@code sink}. */
    static SpanWriter collector(Consumer<Span> sink) {
        return new SpanWriter() {
            private byte[] traceId;
            private byte[] spanId;
            private byte[] parentSpanId;
            private String name;
            private int kind;
            private long start;
            private long end;
            private List<KeyValue> attributes;
            private int dropped;
            private List<SpanEvent> events;

            @Override
            public void begin(byte[] traceId, byte[] spanId, byte[] parentSpanId, String name, int kind,
                              long startUnixNano, long endUnixNano) {
                this.traceId = traceId;
                this.spanId = spanId;
                this.parentSpanId = parentSpanId;
                this.name = name;
                this.kind = kind;
                this.start = startUnixNano;
                this.end = endUnixNano;
                this.attributes = new ArrayList<>();
                this.events = new ArrayList<>();
            }

            @Override
            public void attribute(String key, Object value) {
                attributes.add(new KeyValue(key, value));
            }

            @Override
            public void attributesEnd(int dropped) {
                this.dropped = dropped;
            }

            @Override
            public void event(long timeUnixNano, String name, List<KeyValue> attributes, int droppedAttributes) {
                events.add(new SpanEvent(timeUnixNano, name, attributes, droppedAttributes));
            }

            @Override
            public void end(int droppedEvents, int statusCode, String statusMessage) {
                sink.accept(new Span(traceId, spanId, parentSpanId, name, kind, start, end, List.copyOf(attributes),
                        dropped, List.copyOf(events), droppedEvents, statusCode, statusMessage));
            }
        };
    }
}
