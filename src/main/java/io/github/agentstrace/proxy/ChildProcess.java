package io.github.agentstrace.proxy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The wrapped server: started from an argument list without a shell, with three pipes.
 *
 * <p>Start failures are mapped to the shell's conventions: 127 when the program does not exist, 126 when
 * it exists but cannot be executed. Signals other than TERM and KILL (which {@link Process} sends
 * itself) are delivered with the system's {@code kill} program, again from an argument list.
 */
final class ChildProcess {
    private final Process process;

    private ChildProcess(Process process) {
        this.process = process;
    }

    /** Why the child could not be started, with the exit status to report (126 or 127). */
    static final class StartFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        StartFailure(int exitCode, String message, Throwable cause) {
            super(message, cause);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    static ChildProcess start(List<String> command, Path workingDir) throws StartFailure {
        if (command.isEmpty() || command.get(0).isEmpty()) {
            throw new StartFailure(127, "empty command", null);
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        if (workingDir != null) {
            pb.directory(workingDir.toFile());
        }
        try {
            return new ChildProcess(pb.start());
        } catch (IOException e) {
            throw classify(command.get(0), e);
        }
    }

    private static StartFailure classify(String program, IOException e) {
        String msg = String.valueOf(e.getMessage());
        String lower = msg.toLowerCase(Locale.ROOT);
        if (lower.contains("error=2,") || lower.contains("no such file")) {
            String where = program.contains(File.separator) ? "" : " (not found on PATH)";
            return new StartFailure(127, "cannot run '" + program + "': command not found" + where, e);
        }
        if (lower.contains("error=13,") || lower.contains("permission denied")) {
            return new StartFailure(126, "cannot run '" + program + "': permission denied (not executable)", e);
        }
        int at = msg.indexOf("error=");
        String reason = at >= 0 ? msg.substring(at) : msg;
        return new StartFailure(126, "cannot run '" + program + "': " + reason, e);
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code millis}; true when the child has exited. */
    boolean waitFor(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    int exitCode() {
        return process.exitValue();
    }

    /** Sends a signal by name (TERM, INT, HUP, KILL...). Best effort: a child that has gone is fine. */
    void signal(String name) {
        if (!process.isAlive()) {
            return;
        }
        switch (name) {
            case "TERM" -> process.destroy();
            case "KILL" -> process.destroyForcibly();
            default -> {
                try {
                    Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid()))
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
                    if (!kill.waitFor(2, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                        process.destroy();
                    }
                } catch (IOException e) {
                    process.destroy(); // no kill program: TERM is the closest we can send
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroy();
                }
            }
        }
    }
}
