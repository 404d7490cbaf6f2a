package io.github.agentstrace.hook;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Texts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Caps what one hook stores: every string at {@code maxChars} characters, and a whole structured value
 * (tool input, tool response) at {@value #STRUCTURE_FACTOR} times that once serialised.
 *
 * <p>A cut string keeps its head and ends with an explicit marker that gives the original length, so a
 * reader can tell a short value from a truncated one: {@code ...[truncated by agent-strace: 5242880 chars,
 * first 16384 kept]}. The default is {@value #DEFAULT_MAX_CHARS} characters, set with
 * {@value #ENV}; values below {@value #MIN_CHARS} are raised to it.
 */
public final class FieldLimits {
    public static final String ENV = "AGENT_STRACE_MAX_FIELD";
    public static final int DEFAULT_MAX_CHARS = 16 * 1024;
    static final int MIN_CHARS = 256;
    static final int STRUCTURE_FACTOR = 4;

    private final int maxChars;
    private boolean truncated;

    public FieldLimits(int maxChars) {
        this.maxChars = Math.max(MIN_CHARS, maxChars);
    }

    /** The limit from {@value #ENV} (a whole number of characters), else the default. */
    public static int fromEnv(Map<String, String> env) {
        String v = env.get(ENV);
        if (v == null || v.isBlank()) {
            return DEFAULT_MAX_CHARS;
        }
        try {
            return Math.max(MIN_CHARS, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_MAX_CHARS;
        }
    }

    public int maxChars() {
        return maxChars;
    }

    /** Whether anything was cut since the last call; resets the flag. */
    boolean takeTruncated() {
        boolean t = truncated;
        truncated = false;
        return t;
    }

    /** The string, or its head and a truncation marker when longer than the limit. */
    String cap(String s) {
        return cap(s, maxChars);
    }

    private String cap(String s, int limit) {
        String capped = Texts.cut(s, limit);
        if (capped != s) {
            truncated = true;
        }
        return capped;
    }

    /**
     * Every string inside the value capped; if the result is still larger than the structure limit once
     * serialised (thousands of small fields), the value becomes its capped compact JSON text.
     */
    Object capValue(Object value) {
        Object capped = capStrings(value);
        if (capped instanceof Map<?, ?> || capped instanceof List<?>) {
            String json = Json.write(capped);
            int limit = maxChars * STRUCTURE_FACTOR;
            if (json.length() > limit) {
                return cap(json, limit);
            }
        }
        return capped;
    }

    private Object capStrings(Object value) {
        if (value instanceof String s) {
            return cap(s);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            for (Map.Entry<?, ?> e : map.entrySet()) {
                copy.put(cap(String.valueOf(e.getKey())), capStrings(e.getValue()));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object o : list) {
                copy.add(capStrings(o));
            }
            return copy;
        }
        return value;
    }
}
