package io.github.agentstrace.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two text rules every part of agent-strace shares: how a text becomes one line, and how a long text is
 * cut. A cut text keeps its head (never half of a surrogate pair) and ends with the one marker, which says
 * it was cut and how long it was: {@code ...[truncated by agent-strace: 5242880 chars, first 16384 kept]}.
 */
public final class Texts {
    private static final String MARKER_START = "...[truncated by agent-strace: ";
    private static final String MARKER_MIDDLE = " chars, first ";
    private static final String MARKER_END = " kept]";

    private Texts() {
    }

    /** Whitespace runs (newlines included) as one space, trimmed; the text itself when already so. */
    public static String oneLine(String s) {
        StringBuilder sb = null;
        int n = s.length();
        boolean space = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            // Printable ASCII is never whitespace: the common character skips the Unicode tables.
            boolean ws = (c <= ' ' || c >= 0x7F) && Character.isWhitespace(c);
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
     * rather than half a surrogate pair) and the marker. A value cut before (by a hook, or an earlier cut) is
     * measured by what it kept: it stays as it is when that fits, and a shorter cut still names the original
     * length. Null stays null.
     */
    public static String cut(String s, int keep) {
        if (s == null || s.length() <= keep) {
            return s;
        }
        long original = s.length();
        int head = s.length();
        long[] earlier = marker(s);
        if (earlier != null) {
            original = earlier[0];
            head = (int) earlier[1];
            if (head <= keep) {
                return s;
            }
        }
        int end = Math.max(0, Math.min(keep, head));
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return new StringBuilder(end + 64).append(s, 0, end).append(MARKER_START).append(original)
                .append(MARKER_MIDDLE).append(end).append(MARKER_END).toString();
    }

    /**
     * A copy of a JSON value (the {@code json} package's model) with every string in it, object keys
     * included, cut at {@code keep} characters; numbers, booleans and null as they are, and the shape
     * (which keys, how many items) unchanged.
     */
    public static Object cutStrings(Object value, int keep) {
        if (value instanceof String s) {
            return cut(s, keep);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            for (Map.Entry<?, ?> e : map.entrySet()) {
                copy.put(cut(String.valueOf(e.getKey()), keep), cutStrings(e.getValue(), keep));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object o : list) {
                copy.add(cutStrings(o, keep));
            }
            return copy;
        }
        return value;
    }

    /** The original length and the characters kept, when {@code s} ends with a marker that fits it; else null. */
    private static long[] marker(String s) {
        if (!s.endsWith(MARKER_END)) {
            return null;
        }
        int open = s.lastIndexOf(MARKER_START);
        int middle = s.lastIndexOf(MARKER_MIDDLE);
        if (open < 0 || middle < open) {
            return null;
        }
        try {
            long original = Long.parseLong(s.substring(open + MARKER_START.length(), middle));
            long kept = Long.parseLong(s.substring(middle + MARKER_MIDDLE.length(), s.length() - MARKER_END.length()));
            return kept == open && original > kept ? new long[] {original, kept} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * {@code s} cut so that the result, marker included, has at most {@code total} characters (for limits
     * that count the whole value, such as an exporter's attribute length).
     */
    public static String fit(String s, int total) {
        if (s == null || s.length() <= total) {
            return s;
        }
        int fixed = MARKER_START.length() + digits(s.length()) + MARKER_MIDDLE.length() + MARKER_END.length();
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
