package io.github.agentstrace.api;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Texts;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns arbitrary Java values into the JSON values stored in events. Bounded on purpose: an agent may
 * pass a huge or cyclic object graph, and a trace line must stay small and finite.
 */
final class Values {
    static final int MAX_TEXT = 500;
    static final int MAX_PREVIEW = 200;
    static final int MAX_ITEMS = 100;
    static final int MAX_DEPTH = 6;

    private Values() {
    }

    /** The arguments as a JSON object; never throws (recording must not break the call it records). */
    static Map<String, Object> arguments(Map<String, ?> arguments) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            if (arguments != null) {
                arguments.forEach((k, v) -> out.put(String.valueOf(k), toJson(v, 0)));
            }
        } catch (RuntimeException e) {
            out.put("<unreadable>", e.toString());
        }
        return out;
    }

    /** The first 200 characters of a result: strings as they are, other values as compact JSON. */
    static String preview(Object result) {
        if (result == null) {
            return "";
        }
        String text;
        try {
            text = result instanceof String s ? s : Json.text(toJson(result, 0));
        } catch (RuntimeException e) {
            text = "<" + result.getClass().getSimpleName() + ">";
        }
        return Texts.cut(text, MAX_PREVIEW);
    }

    static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isEmpty() ? t.getClass().getName() : m;
    }

    static int messageCount(Object request) {
        if (request instanceof Collection<?> c) {
            return c.size();
        }
        if (request != null && request.getClass().isArray()) {
            return Array.getLength(request);
        }
        if (request instanceof Map<?, ?> m && m.get("messages") instanceof Collection<?> c) {
            return c.size();
        }
        return 0;
    }

    static Object toJson(Object v, int depth) {
        if (v == null || v instanceof Boolean) {
            return v;
        }
        if (v instanceof String s) {
            return cut(s);
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d : d.toString();
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) ? (Object) f.doubleValue() : f.toString();
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Number n) {
            return n.toString();
        }
        if (v instanceof Character || v instanceof Enum<?>) {
            return v.toString();
        }
        if (v instanceof Optional<?> o) {
            return toJson(o.orElse(null), depth);
        }
        boolean container = v instanceof Map<?, ?> || v instanceof Iterable<?> || v.getClass().isArray()
                || v.getClass().isRecord();
        if (container && depth >= MAX_DEPTH) {
            // toString() of a deep or cyclic graph could itself recurse without end.
            return "<" + v.getClass().getSimpleName() + ">";
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (out.size() == MAX_ITEMS) {
                    out.put("...", (map.size() - MAX_ITEMS) + " more");
                    break;
                }
                out.put(String.valueOf(e.getKey()), toJson(e.getValue(), depth + 1));
            }
            return out;
        }
        if (v instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            for (Object item : it) {
                if (out.size() == MAX_ITEMS) {
                    out.add("...");
                    break;
                }
                out.add(toJson(item, depth + 1));
            }
            return out;
        }
        if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < Math.min(n, MAX_ITEMS); i++) {
                out.add(toJson(Array.get(v, i), depth + 1));
            }
            if (n > MAX_ITEMS) {
                out.add("...");
            }
            return out;
        }
        if (v.getClass().isRecord()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (RecordComponent c : v.getClass().getRecordComponents()) {
                Object value;
                try {
                    c.getAccessor().setAccessible(true);
                    value = toJson(c.getAccessor().invoke(v), depth + 1);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    value = "<" + c.getType().getSimpleName() + ">";
                }
                out.put(c.getName(), value);
            }
            return out;
        }
        try {
            return cut(String.valueOf(v));
        } catch (RuntimeException e) {
            return "<" + v.getClass().getSimpleName() + ">";
        }
    }

    private static String cut(String s) {
        return Texts.cut(s, MAX_TEXT);
    }
}
