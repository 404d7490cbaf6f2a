package io.github.agentstrace.otlp;

import java.util.List;

/**
 * One OTLP body encoding. Spans are encoded one at a time (so a batch's size is known before it is sent)
 * and then framed into an {@code ExportTraceServiceRequest}.
 */
interface Encoding {
    /** The encoded span, as it will appear inside the request. */
    byte[] span(Span span);

    /** A complete request holding the given encoded spans under one resource and scope. */
    byte[] request(Resource resource, List<byte[]> spans);

    /** Bytes a request adds around its spans (framing, resource, separators), for batch sizing. */
    int overhead(Resource resource, int spanCount, long spanBytes);

    String contentType();

    /** Reads an {@code ExportTraceServiceResponse} body: its partial success, or null when there is none. */
    PartialSuccess partialSuccess(byte[] body);

    /** Reads the {@code message} of a {@code google.rpc.Status} error body, or null. */
    String statusMessage(byte[] body);

    /** The {@code partial_success} of a response: spans the receiver rejected and why. */
    record PartialSuccess(long rejectedSpans, String errorMessage) {
    }
}
