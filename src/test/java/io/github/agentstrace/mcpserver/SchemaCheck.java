package io.github.agentstrace.mcpserver;

import io.github.agentstrace.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small JSON Schema checker for the keywords our schemas use (type, properties, required, items, anyOf,
 * enum, minimum, maximum, minLength, additionalProperties: false), so every tool's output is checked against
 * its declared schema without node. The IT checks the same with the SDK's own validator.
 */
final class SchemaCheck {
    private SchemaCheck() {
    }

    /** The problems of {@code value} against {@code schema}, each with its JSON path; empty when it conforms. */
    static List<String> problems(Object schema, Object value) {
        List<String> out = new ArrayList<>();
        check(Json.asObject(schema), value, "$", out);
        return out;
    }

    private static void check(Map<String, Object> s, Object v, String path, List<String> out) {
        if (s.containsKey("type") && !typeMatches(s.get("type"), v)) {
            out.add(path + ": expected " + Json.write(s.get("type")) + ", got " + Json.write(v));
            return;
        }
        if (s.get("anyOf") instanceof List<?> any) {
            boolean one = false;
            for (Object alt : any) {
                if (problems(alt, v).isEmpty()) {
                    one = true;
                }
            }
            if (!one) {
                out.add(path + ": matches none of anyOf");
            }
        }
        if (s.get("enum") instanceof List<?> e && !e.contains(v)) {
            out.add(path + ": " + Json.write(v) + " not in " + Json.write(e));
        }
        if (v instanceof Number n) {
            BigDecimal d = new BigDecimal(n.toString());
            if (s.get("minimum") instanceof Number min && d.compareTo(new BigDecimal(min.toString())) < 0) {
                out.add(path + ": below minimum");
            }
            if (s.get("maximum") instanceof Number max && d.compareTo(new BigDecimal(max.toString())) > 0) {
                out.add(path + ": above maximum");
            }
        }
        if (v instanceof String str && s.get("minLength") instanceof Number min && str.length() < min.intValue()) {
            out.add(path + ": shorter than minLength");
        }
        if (v instanceof Map<?, ?> obj) {
            Map<String, Object> props = Json.asObject(s.get("properties"));
            for (Object r : Json.asArray(s.get("required"))) {
                if (!obj.containsKey(r)) {
                    out.add(path + ": missing required " + r);
                }
            }
            for (Map.Entry<?, ?> e : obj.entrySet()) {
                Object sub = props.get(e.getKey());
                if (sub != null) {
                    check(Json.asObject(sub), e.getValue(), path + "." + e.getKey(), out);
                } else if (Boolean.FALSE.equals(s.get("additionalProperties"))) {
                    out.add(path + ": unexpected property " + e.getKey());
                }
            }
        }
        if (v instanceof List<?> list && s.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < list.size(); i++) {
                check(Json.asObject(items), list.get(i), path + "[" + i + "]", out);
            }
        }
    }

    private static boolean typeMatches(Object type, Object v) {
        if (type instanceof List<?> types) {
            return types.stream().anyMatch(t -> typeMatches(t, v));
        }
        return switch (String.valueOf(type)) {
            case "object" -> v instanceof Map<?, ?>;
            case "array" -> v instanceof List<?>;
            case "string" -> v instanceof String;
            case "boolean" -> v instanceof Boolean;
            case "null" -> v == null;
            case "number" -> v instanceof Number;
            case "integer" -> v instanceof Number n && new BigDecimal(n.toString()).stripTrailingZeros().scale() <= 0;
            default -> throw new IllegalArgumentException("schema type " + type + " not known to this checker");
        };
    }
}
