package io.github.agentstrace.cli;

/**
 * A bad command line; reported as one line with a pointer to the help, exit status 2. A bad global option
 * ({@link #global}) is blamed on the program, not on the command it was given with.
 */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean global;

    UsageException(String message) {
        this(message, false);
    }

    private UsageException(String message, boolean global) {
        super(message);
        this.global = global;
    }

    /** A bad value of a global option such as {@code --color}, wherever on the line it was given. */
    static UsageException global(String message) {
        return new UsageException(message, true);
    }

    boolean global() {
        return global;
    }
}
