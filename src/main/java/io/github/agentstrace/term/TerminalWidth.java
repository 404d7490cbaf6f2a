package io.github.agentstrace.replay;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The width lines are cut to: {@code COLUMNS} when set (an explicit wish, honoured even in a pipe); else
 * the terminal's width when stdout is a terminal ({@code stty size} on {@code /dev/tty}, 80 if that
 * fails); else no limit, so that pipes and files get whole lines.
 */
public final class TerminalWidth {
    /** The fallback when a terminal's width cannot be read. */
    public static final int DEFAULT = 80;

    private TerminalWidth() {
    }

    /** Columns per line; 0 means no limit. */
    public static int resolve(Map<String, String> env, boolean stdoutIsTerminal) {
        String columns = env.get("COLUMNS");
        if (columns != null) {
            try {
                int n = Integer.parseInt(columns.trim());
                if (n > 0) {
                    return Math.max(n, 20);
                }
            } catch (NumberFormatException ignored) {
                // not a number: fall through to detection
            }
        }
        if (!stdoutIsTerminal) {
            return 0;
        }
        int detected = stty();
        return detected > 0 ? detected : DEFAULT;
    }

    private static int stty() {
        File tty = new File("/dev/tty");
        if (!tty.exists()) {
            return -1;
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(1, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            String[] parts = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
            return parts.length == 2 ? Integer.parseInt(parts[1]) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * A line (possibly holding ANSI styles) cut to {@code width} visible columns with an ellipsis;
     * {@code width <= 0} returns it unchanged.
     */
    public static String fit(String line, int width) {
        return Line.fit(line, width);
    }
}
