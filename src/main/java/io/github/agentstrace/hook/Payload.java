package io.github.agentstrace.hook;

import io.github.agentstrace.json.Json;
import java.util.Map;

/** Read-only, forgiving access to one hook's stdin object: wrong types read as absent. */
final class Payload {
    private final Map<String, Object> fields;

    Payload(Map<String, Object> fields) {
        this.fields = fields;
    }

    Map<String, Object> fields() {
        return fields;
    }

    Object get(String key) {
        return fields.get(key);
    }

    /** A non-empty string field, else null. */
    String text(String key) {
        Object v = fields.get(key);
        return v instanceof String s && !s.isEmpty() ? s : null;
    }

    String text(String key, String fallback) {
        String v = text(key);
        return v == null ? fallback : v;
    }

    boolean flag(String key) {
        Object v = fields.get(key);
        return v instanceof Boolean b ? b : v instanceof String s && s.equalsIgnoreCase("true");
    }

    /** A number field as a double, else null. */
    Double number(String key) {
        Object v = fields.get(key);
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) && d >= 0 ? d : null;
        }
        return null;
    }

    Map<String, Object> object(String key) {
        return Json.asObject(fields.get(key));
    }
}
