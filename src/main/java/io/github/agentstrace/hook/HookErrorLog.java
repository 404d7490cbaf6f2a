package io.github.agentstrace.hook;

import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.FilePermissions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@code <trace-dir>/hook-errors.log}: where a hook reports what it could not record, since it may not
 * print. One line per problem ({@code <ISO-8601 UTC time, milliseconds> <event> <message>}, e.g.
 * {@code 2026-12-02T00:48:15.123Z pre-tool ignored: empty stdin}), passed through the session's
 * {@link Redactor} like everything else written to disk: a message may quote the payload. When the file
 * passes {@value #MAX_BYTES} bytes it is moved to {@code hook-errors.log.1} (replacing the older one), so
 * the two files together stay under twice that. The log is never written through a symbolic link; failing
 * to log (a link, an unwritable directory) is silently ignored: nothing may reach the agent.
 */
public final class HookErrorLog {
    public static final String FILE = "hook-errors.log";
    static final long MAX_BYTES = 256 * 1024;
    private static final int MAX_LINE = 4000;

    private final Path file;
    private final Redactor redactor;

    public HookErrorLog(Path traceDir, Redactor redactor) {
        this.file = traceDir.resolve(FILE);
        this.redactor = redactor;
    }

    public Path file() {
        return file;
    }

    /** Appends one line; with {@code detail} true, a few stack frames of {@code error} follow it. */
    public void log(Instant now, String event, String message, Throwable error, boolean detail) {
        try {
            StringBuilder sb = new StringBuilder(256);
            appendTime(sb, now);
            sb.append(' ').append(event == null ? "-" : event).append(' ');
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
            // Redacted whole, before it is cut: a cut could split a secret so that no detector knows it.
            String line = redactor.redact(sb.toString());
            if (line.length() > MAX_LINE) {
                line = line.substring(0, MAX_LINE) + "...";
            }
            FilePermissions.createPrivateDirectories(file.getParent());
            if (FilePermissions.checkExisting(file, false) && Files.size(file) > MAX_BYTES) {
                FilePermissions.moveReplacing(file, file.resolveSibling(FILE + ".1"));
            }
            FilePermissions.append(file, (line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException ignored) {
            // a link in the log's place, or an unwritable trace directory: there is nowhere left to report
            // to, and the agent comes first
        }
    }

    /** {@code 2026-12-02T00:48:15.123Z}: always three digits of milliseconds, so lines line up and sort. */
    static void appendTime(StringBuilder sb, Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        sb.append(d.getYear()).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2).append('T');
        pad(sb, d.getHour(), 2).append(':');
        pad(sb, d.getMinute(), 2).append(':');
        pad(sb, d.getSecond(), 2).append('.');
        pad(sb, t.getNano() / 1_000_000, 3).append('Z');
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
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
