package io.github.agentstrace.cli;

/** Every exit status agent-strace returns (a recorded child's own status is passed through as is). */
public enum ExitCode {
    /** Success. */
    OK(0),
    /** A data error the user can act on: no such session, unreadable file, failed export. */
    DATA_ERROR(1),
    /** What a check looked for was found: {@code audit} found a violation, {@code watch --once} an alert. */
    FOUND(1),
    /** Bad command line: unknown command or option, missing or invalid value. */
    USAGE(2),
    /** A bug: an unexpected exception. The stack trace is printed with --stacktrace. */
    INTERNAL(3),
    /** {@code record}: the server command exists but cannot be executed. */
    NOT_EXECUTABLE(126),
    /** {@code record}: the server command was not found. */
    NOT_FOUND(127);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
