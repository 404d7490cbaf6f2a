package io.github.agentstrace.term;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How wide lines may be, and how wide a text is on a terminal. The width is {@code COLUMNS} when set (an
 * explicit wish, honoured even in a pipe); else the terminal's width when stdout is a terminal
 * ({@code stty size} on {@code /dev/tty}, 80 if that fails); else no limit, so that pipes and files get
 * whole lines. Texts are measured in visible columns: escape sequences count nothing, wide characters
 * (emoji, CJK) two, combining marks none.
 */
public final class TerminalWidth {
    /** The fallback when a terminal's width cannot be read. */
    public static final int DEFAULT = 80;
    private static final String ELLIPSIS = "…";

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
     * {@code width <= 0} returns it unchanged. Escape sequences are copied but not counted, and a reset
     * follows the ellipsis so a cut inside a coloured span does not bleed.
     */
    public static String fit(String styled, int width) {
        if (width <= 0) {
            return styled;
        }
        int visible = 0;
        boolean styledSeen = false;
        StringBuilder sb = new StringBuilder(styled.length());
        int i = 0;
        while (i < styled.length()) {
            char ch = styled.charAt(i);
            if (ch == '\033' && i + 1 < styled.length() && styled.charAt(i + 1) == '[') {
                int end = i + 2;
                while (end < styled.length() && !Character.isLetter(styled.charAt(end))) {
                    end++;
                }
                end = Math.min(end + 1, styled.length());
                sb.append(styled, i, end);
                styledSeen = true;
                i = end;
                continue;
            }
            int cp = styled.codePointAt(i);
            int c = columns(cp);
            if (visible + c > width - 1 && columns(Ansi.strip(styled.substring(i))) > width - visible) {
                sb.append(ELLIPSIS);
                if (styledSeen) {
                    sb.append(Ansi.RESET);
                }
                return sb.toString();
            }
            visible += c;
            sb.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    /** Visible columns of a plain text (no escape sequences). */
    public static int columns(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += columns(cp);
            i += Character.charCount(cp);
        }
        return w;
    }

    private static int columns(int cp) {
        if (cp < 0x300) {
            return cp < 0x20 ? 0 : 1;
        }
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || cp == 0xFE0F) {
            return 0;
        }
        if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD)) {
            return 2;
        }
        return 1;
    }

    /** The longest prefix of a plain text that fits in {@code columns} visible columns. */
    public static String cut(String s, int columns) {
        if (columns <= 0) {
            return "";
        }
        int w = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int c = columns(cp);
            if (w + c > columns) {
                break;
            }
            w += c;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }
}
