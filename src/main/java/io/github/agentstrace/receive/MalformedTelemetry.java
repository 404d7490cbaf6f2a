package io.github.agentstrace.receive;

/**
 * A request body that is not the OTLP message it claims to be: truncated or ill-formed protobuf, JSON of the
 * wrong shape, a bad id. The server answers 400 with the message; nothing of the body is recorded.
 */
final class MalformedTelemetry extends RuntimeException {
    MalformedTelemetry(String message) {
        super(message, null, false, false);
    }
}
