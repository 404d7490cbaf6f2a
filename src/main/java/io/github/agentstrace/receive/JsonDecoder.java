package io.github.agentstrace.receive;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import io.github.agentstrace.json.JsonNumber;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes OTLP/HTTP JSON bodies through our one JSON codec, with the OTLP deviations from the proto3 mapping:
 * hex ids, 64-bit integers as strings or numbers, enums as integers. Unknown keys are ignored; a known key
 * holding the wrong kind of value is a {@link MalformedTelemetry} naming it.
 */
final class JsonDecoder {
    private JsonDecoder() {
    }

    static Telemetry decode(Signal signal, byte[] body) {
        Object parsed;
        try {
            parsed = Json.parse(body);
        } catch (JsonException e) {
            throw new MalformedTelemetry("not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw new MalformedTelemetry("the body must be a JSON object");
        }
        Map<String, Object> root = Json.asObject(parsed);
        List<ReceivedLog> logs = new ArrayList<>();
        List<ReceivedSpan> spans = new ArrayList<>();
        long points = 0;
        switch (signal) {
            case LOGS -> {
                for (Map<String, Object> rl : objects(root, "resourceLogs")) {
                    Map<String, Object> resource = resource(rl);
                    for (Map<String, Object> sl : objects(rl, "scopeLogs")) {
                        for (Map<String, Object> lr : objects(sl, "logRecords")) {
                            logs.add(log(lr, resource));
                        }
                    }
                }
            }
            case TRACES -> {
                for (Map<String, Object> rs : objects(root, "resourceSpans")) {
                    Map<String, Object> resource = resource(rs);
                    for (Map<String, Object> ss : objects(rs, "scopeSpans")) {
                        for (Map<String, Object> s : objects(ss, "spans")) {
                            spans.add(span(s, resource));
                        }
                    }
                }
            }
            case METRICS -> {
                for (Map<String, Object> rm : objects(root, "resourceMetrics")) {
                    for (Map<String, Object> sm : objects(rm, "scopeMetrics")) {
                        for (Map<String, Object> m : objects(sm, "metrics")) {
                            for (String kind : List.of("gauge", "sum", "histogram", "exponentialHistogram", "summary")) {
                                Map<String, Object> data = object(m, kind);
                                if (data != null) {
                                    points += objects(data, "dataPoints").size();
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Telemetry(signal, logs, spans, points);
    }

    private static ReceivedLog log(Map<String, Object> lr, Map<String, Object> resource) {
        Object body = lr.get("body") == null ? null : anyValue(lr.get("body"), "body", 0);
        return new ReceivedLog(resource, int64(lr, "timeUnixNano"), int64(lr, "observedTimeUnixNano"), body,
                attributes(lr), id(lr, "traceId", 16), id(lr, "spanId", 8), string(lr, "eventName"));
    }

    private static ReceivedSpan span(Map<String, Object> s, Map<String, Object> resource) {
        Map<String, Object> status = object(s, "status");
        int code = status == null ? 0 : (int) int64(status, "code");
        String message = status == null ? null : string(status, "message");
        String name = string(s, "name");
        return new ReceivedSpan(resource, id(s, "traceId", 16), id(s, "spanId", 8), id(s, "parentSpanId", 8),
                name == null ? "" : name, int64(s, "startTimeUnixNano"), int64(s, "endTimeUnixNano"), attributes(s),
                code, message);
    }

    private static Map<String, Object> resource(Map<String, Object> holder) {
        Map<String, Object> r = object(holder, "resource");
        return r == null ? Map.of() : Collections.unmodifiableMap(attributes(r));
    }

    private static Map<String, Object> attributes(Map<String, Object> holder) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map<String, Object> kv : objects(holder, "attributes")) {
            keyValue(kv, out, 0);
        }
        return out;
    }

    private static void keyValue(Map<String, Object> kv, Map<String, Object> into, int depth) {
        String key = string(kv, "key");
        Object v = kv.get("value");
        into.put(key == null ? "" : key, v == null ? null : anyValue(v, key, depth));
    }

    private static Object anyValue(Object raw, String where, int depth) {
        if (depth > ProtobufDecoder.MAX_DEPTH) {
            throw new MalformedTelemetry("attribute values nested deeper than " + ProtobufDecoder.MAX_DEPTH + " levels");
        }
        if (!(raw instanceof Map<?, ?>)) {
            throw new MalformedTelemetry("value of '" + where + "' must be an AnyValue object");
        }
        Map<String, Object> v = Json.asObject(raw);
        if (v.containsKey("stringValue")) {
            return string(v, "stringValue");
        }
        if (v.get("boolValue") instanceof Boolean b) {
            return b;
        }
        if (v.containsKey("intValue")) {
            return int64(v, "intValue");
        }
        if (v.containsKey("doubleValue")) {
            return float64(v.get("doubleValue"), where);
        }
        if (v.containsKey("arrayValue")) {
            List<Object> out = new ArrayList<>();
            Map<String, Object> array = object(v, "arrayValue");
            for (Object item : array == null ? List.of() : list(array, "values")) {
                out.add(anyValue(item, where, depth + 1));
            }
            return out;
        }
        if (v.containsKey("kvlistValue")) {
            Map<String, Object> out = new LinkedHashMap<>();
            Map<String, Object> kvs = object(v, "kvlistValue");
            for (Map<String, Object> kv : kvs == null ? List.<Map<String, Object>>of() : objects(kvs, "values")) {
                keyValue(kv, out, depth + 1);
            }
            return out;
        }
        if (v.containsKey("bytesValue")) {
            String b64 = string(v, "bytesValue");
            try {
                Base64.getDecoder().decode(b64 == null ? "" : b64);
            } catch (IllegalArgumentException e) {
                throw new MalformedTelemetry("bytesValue of '" + where + "' is not base64");
            }
            return b64;
        }
        if (v.containsKey("boolValue")) {
            throw new MalformedTelemetry("boolValue of '" + where + "' must be true or false");
        }
        return null;
    }

    // ---- typed access ------------------------------------------------------------------------------------

    private static List<Map<String, Object>> objects(Map<String, Object> holder, String key) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object item : list(holder, key)) {
            if (!(item instanceof Map<?, ?>)) {
                throw new MalformedTelemetry("'" + key + "' must hold objects");
            }
            out.add(Json.asObject(item));
        }
        return out;
    }

    private static List<Object> list(Map<String, Object> holder, String key) {
        Object v = holder.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?>)) {
            throw new MalformedTelemetry("'" + key + "' must be an array");
        }
        return Json.asArray(v);
    }

    private static Map<String, Object> object(Map<String, Object> holder, String key) {
        Object v = holder.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?>)) {
            throw new MalformedTelemetry("'" + key + "' must be an object");
        }
        return Json.asObject(v);
    }

    private static String string(Map<String, Object> holder, String key) {
        Object v = holder.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new MalformedTelemetry("'" + key + "' must be a string");
    }

    /** A 64-bit integer given as a decimal string or a JSON number; 0 when absent. */
    private static long int64(Map<String, Object> holder, String key) {
        Object v = holder.get(key);
        try {
            if (v == null) {
                return 0;
            }
            if (v instanceof JsonNumber n && n.isIntegral()) {
                return n.bigIntegerValue().longValueExact();
            }
            if (v instanceof String s) {
                return s.isEmpty() ? 0 : Long.parseLong(s);
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // said below
        }
        throw new MalformedTelemetry("'" + key + "' must be a 64-bit integer (a number or a decimal string), got "
                + Json.write(v));
    }

    private static double float64(Object v, String where) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            switch (s) {
                case "NaN" -> {
                    return Double.NaN;
                }
                case "Infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                    try {
                        return Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        // said below
                    }
                }
            }
        }
        throw new MalformedTelemetry("doubleValue of '" + where + "' must be a number");
    }

    /** A hex id of {@code size} bytes, lowercased, or null when absent or empty. */
    private static String id(Map<String, Object> holder, String key, int size) {
        String s = string(holder, key);
        if (s == null || s.isEmpty()) {
            return null;
        }
        if (s.length() != size * 2 || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new MalformedTelemetry("'" + key + "' must be " + size * 2 + " hex digits, got '"
                    + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'");
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
