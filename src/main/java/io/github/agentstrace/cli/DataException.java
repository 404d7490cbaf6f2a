package io.github.agentstrace.cli;

/** A failure the user can act on (reported as one line, exit status 1), not a bug. */
final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DataException(String message) {
        super(message);
    }
}
