package io.github.agentstrace.cli;

/** A bad command line; reported with the command's usage and exit status 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
