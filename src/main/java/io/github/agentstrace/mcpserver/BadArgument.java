package io.github.agentstrace.mcpserver;

/**
 * A tool argument that cannot be used: answered as an {@code isError} result (the model reads it and can try
 * again), never as a protocol error. The message says what was wrong and what would be right.
 */
final class BadArgument extends Exception {
    private static final long serialVersionUID = 1L;

    BadArgument(String message) {
        super(message);
    }
}
