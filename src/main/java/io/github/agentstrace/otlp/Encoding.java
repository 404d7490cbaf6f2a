package io.github.agentstrace.otlp;

import java.util.Arrays;
import java.util.List;

/**
 * One OTLP body encoding. Spans are encoded one at a time as the mapping writes them (so a batch's size is
 * known before it is sent), framed one after another into a batch, and the batch sent between a
 * {@link #head} and a {@link #tail} that make it an {@code ExportTraceServiceRequest}.
 */
interface Encoding {
    /** Gets each encoded span: {@code encoded[0..length)}, valid only during the call. */
    interface SpanSink {
        void span(byte[] encoded, int length);
    }

    /** A writer that encodes each span it is given, as it will appear inside the request, into {@code sink}. */
    SpanWriter spans(SpanSink sink);

    /** Appends one encoded span to {@code batch}, which holds {@code count} framed spans already. */
    void frame(ProtoBuffer batch, int count, byte[] span, int length);

    /** What goes before {@code framedBytes} bytes of framed spans in a request. */
    byte[] head(Resource resource, long framedBytes);

    /** What goes after the framed spans. */
    byte[] tail();

    /** Bytes a request adds around its spans (framing, resource, separators), for batch sizing. */
    int overhead(Resource resource, int spanCount, long spanBytes);

    String contentType();

    /** Reads an {@code ExportTraceServiceResponse} body: its partial success, or null when there is none. */
    PartialSuccess partialSuccess(byte[] body);

    /** Reads the {@code message} of a {@code google.rpc.Status} error body, or null. */
    String statusMessage(byte[] body);

    /** One span, encoded as it appears inside a request. */
    default byte[] span(Span span) {
        byte[][] out = new byte[1][];
        span.writeTo(spans((encoded, length) -> out[0] = Arrays.copyOf(encoded, length)));
        return out[0];
    }

    /** A complete request holding the given encoded spans under one resource and scope. */
    default byte[] request(Resource resource, List<byte[]> spans) {
        ProtoBuffer framed = new ProtoBuffer(1024);
        for (int i = 0; i < spans.size(); i++) {
            frame(framed, i, spans.get(i), spans.get(i).length);
        }
        byte[] head = head(resource, framed.size());
        byte[] tail = tail();
        ProtoBuffer out = new ProtoBuffer(head.length + framed.size() + tail.length);
        out.raw(head);
        out.raw(framed);
        out.raw(tail);
        return out.array();
    }

    /** The {@code partial_success} of a response: spans the receiver rejected and why. */
    record PartialSuccess(long rejectedSpans, String errorMessage) {
    }
}
