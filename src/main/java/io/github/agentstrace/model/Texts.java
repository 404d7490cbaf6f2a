package io.github.agentstrace.model;

/**
 * The two text rules every part of agent-strace shares: how a text becomes one line, and how a long text is
 * cut. A cut text keeps its head (never half of a surrogate pair) and ends with the one marker, which says
 * it was cut and how long it was: {@code ...[truncated by agent-strace: 5242880 chars, first 16384 kept]}.
 */
public final class Texts {
    private static final String MARKER_START = "...[truncated by agent-strace: ";

    private Texts() {
    }

    /** Whitespace runs (newlines included) as one space, trimmed; the text itself when already so. */
    public static String oneLine(String s) {
        StringBuilder sb = null;
        int n = s.length();
        boolean space = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean ws = Character.isWhitespace(c);
            if (sb == null) {
                // Stay allocation-free while the text is already one clean line.
                if (!ws || (c == ' ' && i > 0 && i < n - 1 && !Character.isWhitespace(s.charAt(i + 1)))) {
                    continue;
                }
                sb = new StringBuilder(n);
                sb.append(s, 0, i);
                space = false;
            }
            if (ws) {
                space = true;
            } else {
                if (space && sb.length() > 0) {
                    sb.append(' ');
                }
                space = false;
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /**
     * {@code s} when it has at most {@code keep} characters, else its first {@code keep} characters (one fewer
     * rather than half a surrogate pair) and the marker. Null stays null.
     */
    public static String cut(String s, int keep) {
        if (s == null || s.length() <= keep) {
            return s;
        }
        int end = Math.max(0, keep);
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return new StringBuilder(end + 64).append(s, 0, end).append(MARKER_START).append(s.length())
                .append(" chars, first ").append(end).append(" kept]").toString();
    }

    /**
     * {@code s} cut so that the result, marker included, has at most {@code total} characters (for limits
     * that count the whole value, such as an exporter's attribute length).
     */
    public static String fit(String s, int total) {
        if (s == null || s.length() <= total) {
            return s;
        }
        int fixed = MARKER_START.length() + digits(s.length()) + " chars, first ".length() + " kept]".length();
        if (fixed + 1 >= total) {
            // No room for the marker: the head alone, still whole characters.
            int end = total > 0 && Character.isHighSurrogate(s.charAt(total - 1)) ? total - 1 : Math.max(0, total);
            return s.substring(0, end);
        }
        int keep = total - fixed - digits(total);
        while (keep + 1 + fixed + digits(keep + 1) <= total) {
            keep++;
        }
        return cut(s, keep);
    }

    /** True when a text carries the marker, i.e. was cut by agent-strace. */
    public static boolean wasCut(String s) {
        return s != null && s.contains(MARKER_START);
    }

    private static int digits(long n) {
        return Long.toString(n).length();
    }
}
