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

    /** The string itself, or its first {@code max} characters and the marker when it is longer; null stays null. */
    public static String text(String s, int max) {
        int limit = Math.max(MIN, max);
        if (s == null || s.length() <= limit) {
            return s;
        }
        int end = limit;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return new StringBuilder(end + 64).append(s, 0, end)
                .append("...[truncated by agent-strace: ").append(s.length())
                .append(" chars, first ").append(end).append(" kept]").toString();
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
