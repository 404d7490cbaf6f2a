package io.github.agentstrace.wrap;

import io.github.agentstrace.model.DataError;

/** An MCP client config that cannot be rewritten: unreadable, invalid JSON, or a shape we do not know. */
public final class ConfigException extends DataError {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
