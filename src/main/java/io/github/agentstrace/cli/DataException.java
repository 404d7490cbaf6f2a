package io.github.agentstrace.cli;

import io.github.agentstrace.model.DataError;

/** A failure found by a command itself that the user can act on (reported as one line, exit status 1). */
final class DataException extends DataError {
    private static final long serialVersionUID = 1L;

    DataException(String message) {
        super(message);
    }
}
