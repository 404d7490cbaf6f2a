package io.github.agentstrace.hook;

import io.github.agentstrace.store.FilePermissions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * {@code <trace-dir>/hook-errors.log}: where a hook reports what it could not record, since it may not
 * print. One line per problem ({@code <epoch seconds> <event> <message>}); when the file passes
 * {@value #MAX_BYTES} bytes it is moved to {@code hook-errors.log.1} (replacing the older one), so the
 * two files together stay under twice that. Failing to log is silently ignored: nothing may reach the agent.
 */
public final class HookErrorLog {
    public static final String FILE = "hook-errors.log";
    static final long MAX_BYTES = 256 * 1024;
    private static final int MAX_LINE = 4000;

    private final Path file;

    public HookErrorLog(Path traceDir) {
        this.file = traceDir.resolve(FILE);
    }

    public Path file() {
        return file;
    }

    /** Appends one line; with {@code detail} true, a few stack frames of {@code error} follow it. */
    public void log(double nowSeconds, String event, String message, Throwable error, boolean detail) {
        try {
            StringBuilder sb = new StringBuilder(256);
            sb.append(io.github.agentstrace.json.Json.formatNumber(nowSeconds)).append(' ').append(event == null ? "-" : event).append(' ');
            appendOneLine(sb, message);
            if (error != null) {
                sb.append(": ").append(error.getClass().getName());
                if (error.getMessage() != null) {
                    sb.append(": ");
                    appendOneLine(sb, error.getMessage());
                }
                StackTraceElement[] frames = error.getStackTrace();
                int shown = detail ? frames.length : Math.min(3, frames.length);
                for (int i = 0; i < shown; i++) {
                    sb.append(i == 0 ? " at " : " < ").append(frames[i]);
                }
            }
            if (sb.length() > MAX_LINE) {
                sb.setLength(MAX_LINE);
                sb.append("...");
            }
            sb.append('\n');
            FilePermissions.createPrivateDirectories(file.getParent());
            if (Files.exists(file) && Files.size(file) > MAX_BYTES) {
                Files.move(file, file.resolveSibling(FILE + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            FilePermissions.createPrivateFile(file);
            Files.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException ignored) {
            // the trace directory is unwritable: there is nowhere left to report to, and the agent comes first
        }
    }

    private static void appendOneLine(StringBuilder sb, String s) {
        if (s == null) {
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
    }
}
