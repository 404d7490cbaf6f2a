package io.github.agentstrace.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Caps long values for a reader with limited room (a model's context window): a string longer than the limit
 * keeps its head and ends with a marker giving the original length, so a short value and a cut one can be
 * told apart: {@code ...[truncated by agent-strace: 52000 chars, first 2000 kept]}. The marker is the one
 * hooks write into events ({@code hook.FieldLimits}), so a reader meets one form whoever cut the value.
 * A surrogate pair is never split. Limits below {@value #MIN} are raised to it.
 */
public final class Cap {
    /** The smallest limit honoured: a marker alone takes about 60 characters. */
    public static final int MIN = 64;

    private Cap() {
    }

    private static final String OPEN = "...[truncated by agent-strace: ";
    private static final String MIDDLE = " chars, first ";
    private static final String CLOSE = " kept]";

    /**
     * The string itself, or its first {@code max} characters and the marker when it is longer; null stays null.
     * A value cut before (by a hook, or by an earlier cap) is measured by what it kept: it stays as it is when
     * that fits, and a shorter cut still names the original length.
     */
    public static String text(String s, int max) {
        int limit = Math.max(MIN, max);
        if (s == null || s.length() <= limit) {
            return s;
        }
        long original = s.length();
        int head = s.length();
        long[] marker = marker(s);
        if (marker != null) {
            original = marker[0];
            head = (int) marker[1];
            if (head <= limit) {
                return s;
            }
        }
        int end = Math.min(limit, head);
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return new StringBuilder(end + 64).append(s, 0, end).append(OPEN).append(original)
                .append(MIDDLE).append(end).append(CLOSE).toString();
    }

    /** The original length and the characters kept, when {@code s} ends with a marker that fits it; else null. */
    private static long[] marker(String s) {
        if (!s.endsWith(CLOSE)) {
            return null;
        }
        int open = s.lastIndexOf(OPEN);
        int middle = s.lastIndexOf(MIDDLE);
        if (open < 0 || middle < open) {
            return null;
        }
        try {
            long original = Long.parseLong(s.substring(open + OPEN.length(), middle));
            long kept = Long.parseLong(s.substring(middle + MIDDLE.length(), s.length() - CLOSE.length()));
            return kept == open && original > kept ? new long[] {original, kept} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A copy of a JSON value (the {@code json} package's model) with every string in it, object keys
     * included, capped at {@code max} characters; numbers, booleans and null are kept as they are, and the
     * shape (which keys, how many items) never changes.
     */
    public static Object strings(Object value, int max) {
        if (value instanceof String s) {
            return text(s, max);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            for (Map.Entry<?, ?> e : map.entrySet()) {
                copy.put(text(String.valueOf(e.getKey()), max), strings(e.getValue(), max));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object o : list) {
                copy.add(strings(o, max));
            }
            return copy;
        }
        return value;
    }
}
