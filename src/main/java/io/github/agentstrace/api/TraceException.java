package io.github.agentstrace.api;

/** A session could not be started or written (the trace directory is not writable, for example). */
public final class TraceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TraceException(String message, Throwable cause) {
        super(message, cause);
    }
}
