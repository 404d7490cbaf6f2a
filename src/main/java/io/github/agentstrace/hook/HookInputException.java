package io.github.agentstrace.hook;

/** A hook payload that cannot be recorded (empty, not JSON, no usable session id): logged, never raised to the agent. */
public final class HookInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HookInputException(String message) {
        super(message);
    }
}
