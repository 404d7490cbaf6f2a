package io.github.agentstrace.redact;

import io.github.agentstrace.model.DataError;

/**
 * The redaction config file is unreadable or invalid (a bad regular expression, an unknown key), or a privacy
 * setting ({@link Privacy}) in the environment or the project config is not a tier. Thrown when a
 * redactor is built, before anything is captured; commands report it as a data error (exit 1).
 */
public final class RedactConfigException extends DataError {
    private static final long serialVersionUID = 1L;

    public RedactConfigException(String message) {
        super(message);
    }

    public RedactConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
