package io.github.agentstrace.otlp;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonNumber;
import io.github.agentstrace.model.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts a span's attributes (written straight through to a {@link SpanWriter}) or an event's (collected into a
 * list) from trace data with OTLP types: strings, booleans, 64-bit integers,
 * doubles, homogeneous arrays of those; objects and mixed arrays become compact JSON text (never a
 * language's repr). Limits keep one huge tool result from producing a span a backend rejects: string
 * values are cut at {@code maxValueLength} characters (with the marker of {@link Texts#cut}), and attributes past
 * {@code maxCount} are counted as dropped instead of written.
 */
final class Attributes {

    private final int maxValueLength;
    private final int maxCount;
    private final SpanWriter out;
    private final List<KeyValue> list;
    private int count;
    private int dropped;

    /** Attributes collected into a list (an event's). */
    Attributes(int maxValueLength, int maxCount) {
        this(maxValueLength, maxCount, null);
    }

    /**
     * Attributes handed straight to {@code out} as they are put (a span's); {@code null} collects them into
     * {@link #list()} instead. Reused span after span through {@link #reset()}.
     */
    Attributes(int maxValueLength, int maxCount, SpanWriter out) {
        this.maxValueLength = maxValueLength;
        this.maxCount = maxCount;
        this.out = out;
        this.list = out == null ? new ArrayList<>() : null;
    }

    /** Starts over for the next span. */
    Attributes reset() {
        count = 0;
        dropped = 0;
        return this;
    }

    /** Adds {@code key} with the OTLP form of a JSON value; null values are skipped. */
    Attributes put(String key, Object jsonValue) {
        Object v = typed(jsonValue, maxValueLength);
        if (v == null) {
            return this;
        }
        if (count >= maxCount) {
            dropped++;
            return this;
        }
        count++;
        if (out != null) {
            out.attribute(key, v);
        } else {
            list.add(new KeyValue(key, v));
        }
        return this;
    }

    /** Adds a string only when it is non-empty. */
    Attributes putText(String key, String value) {
        return value == null || value.isEmpty() ? this : put(key, value);
    }

    /** The attributes collected, when they are not written through. */
    List<KeyValue> list() {
        return List.copyOf(list);
    }

    int dropped() {
        return dropped;
    }

    /** The OTLP value for a JSON value, or null for JSON null. */
    static Object typed(Object v, int maxLength) {
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return cap(s, maxLength);
        }
        if (v instanceof Boolean) {
            return v;
        }
        if (v instanceof Number n) {
            return number(n);
        }
        if (v instanceof List<?> l && !l.isEmpty()) {
            Object first = scalar(l.get(0));
            if (first != null) {
                List<Object> out = new ArrayList<>(l.size());
                int chars = 0;
                for (Object item : l) {
                    Object t = scalar(item);
                    if (t == null || t.getClass() != first.getClass()) {
                        out = null;
                        break;
                    }
                    if (t instanceof String s) {
                        chars += s.length();
                        if (chars > maxLength) {
                            out = null; // too big as an array: the capped JSON text says more
                            break;
                        }
                    }
                    out.add(t);
                }
                if (out != null) {
                    return List.copyOf(out);
                }
            }
        }
        return cap(Json.write(v), maxLength);
    }

    private static Object scalar(Object v) {
        if (v instanceof String || v instanceof Boolean) {
            return v;
        }
        return v instanceof Number n ? number(n) : null;
    }

    private static Object number(Number n) {
        if (n instanceof JsonNumber j) {
            if (j.isIntegral()) {
                try {
                    return Long.parseLong(j.toString());
                } catch (NumberFormatException tooBig) {
                    return j.doubleValue();
                }
            }
            return j.doubleValue();
        }
        if (n instanceof Double || n instanceof Float) {
            return n.doubleValue();
        }
        return n.longValue();
    }

    /** {@code s} cut to at most {@code max} characters, marker included (the one marker of {@link Texts}). */
    static String cap(String s, int max) {
        return Texts.fit(s, max);
    }

    /** A long from a JSON number or numeric string, or null. */
    static Long asLong(Object v) {
        if (v instanceof Number n) {
            return n instanceof JsonNumber j && !j.isIntegral() ? Long.valueOf((long) j.doubleValue()) : n.longValue();
        }
        if (v instanceof String s && !s.isBlank()) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** The first of {@code keys} present (non-null) in {@code data}. */
    static Object first(Map<String, Object> data, String... keys) {
        for (String k : keys) {
            Object v = data.get(k);
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
