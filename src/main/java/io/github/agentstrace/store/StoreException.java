package io.github.agentstrace.store;

import io.github.agentstrace.model.DataError;

/**
 * A problem with the trace store the user can act on: no such session, an ambiguous prefix, an invalid
 * id, an unreadable file. The message is one line, fit to print as it is.
 */
public final class StoreException extends DataError {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
