package io.github.agentstrace.mcp;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonNumber;
import io.github.agentstrace.model.Texts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading MCP payloads for the trace: request-id keys, text of content blocks, and size bounds, so one
 * 10 MB tool result cannot turn into a 10 MB event line.
 */
final class Shapes {
    /** Longest string kept inside recorded arguments, params and results. */
    static final int MAX_STRING = 4096;
    /** Most items kept of any recorded array, and keys of any object. */
    static final int MAX_ITEMS = 200;
    /** Deepest nesting kept; deeper values become a short marker. */
    static final int MAX_DEPTH = 16;
    /** The original's preview length. */
    static final int PREVIEW = 200;

    private Shapes() {
    }

    /**
     * A key under which two JSON-RPC ids compare equal exactly when they are the same JSON value:
     * {@code 1} and {@code 1.0} match, {@code 1} and {@code "1"} do not.
     */
    static String idKey(Object id) {
        if (id == null) {
            return "null";
        }
        if (id instanceof String s) {
            return "s:" + s;
        }
        if (id instanceof Number n) {
            try {
                BigDecimal d = n instanceof JsonNumber j ? j.bigDecimalValue() : new BigDecimal(n.toString());
                return "n:" + (d.signum() == 0 ? "0" : d.stripTrailingZeros().toString());
            } catch (NumberFormatException | ArithmeticException e) {
                return "n:" + n;
            }
        }
        return "x:" + Json.write(id);
    }

    /** A copy of a JSON value with long strings cut, long arrays and objects shortened, deep nesting cut. */
    static Object bound(Object value) {
        return bound(value, 0);
    }

    private static Object bound(Object value, int depth) {
        if (value instanceof String s) {
            return Texts.cut(s, MAX_STRING);
        }
        if (depth >= MAX_DEPTH && (value instanceof Map<?, ?> || value instanceof List<?>)) {
            return "[nested too deep]";
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            int n = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (n++ == MAX_ITEMS) {
                    copy.put("...", (map.size() - MAX_ITEMS) + " more keys");
                    break;
                }
                copy.put(String.valueOf(e.getKey()), bound(e.getValue(), depth + 1));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(Math.min(list.size(), MAX_ITEMS + 1));
            for (int i = 0; i < list.size(); i++) {
                if (i == MAX_ITEMS) {
                    copy.add("... " + (list.size() - MAX_ITEMS) + " more items");
                    break;
                }
                copy.add(bound(list.get(i), depth + 1));
            }
            return copy;
        }
        return value;
    }

    /** The preview of a text: its first 200 characters (the original's length), marked when cut. */
    static String preview(String s) {
        return Texts.cut(s, PREVIEW);
    }

    /** The {@code type} of each content block ({@code unknown} when missing), in order. */
    static List<Object> contentTypes(List<Object> content) {
        List<Object> types = new ArrayList<>();
        for (Object block : content) {
            String t = Json.asString(Json.asObject(block).get("type"));
            types.add(t == null ? "unknown" : t);
        }
        return types;
    }

    /**
     * The readable text of content blocks, one per line: text as is, binary blocks as a short marker
     * naming their type and MIME type, embedded resources by their text or URI.
     */
    static String contentText(List<Object> content) {
        StringBuilder sb = new StringBuilder();
        for (Object item : content) {
            Map<String, Object> block = Json.asObject(item);
            String type = Json.asString(block.get("type"));
            String piece;
            if ("text".equals(type) && block.get("text") instanceof String t) {
                piece = t;
            } else if ("resource".equals(type)) {
                Map<String, Object> res = Json.asObject(block.get("resource"));
                piece = res.get("text") instanceof String t ? t : "[resource " + str(res.get("uri")) + "]";
            } else if ("resource_link".equals(type)) {
                piece = "[resource_link " + str(block.get("uri")) + "]";
            } else {
                String mime = Json.asString(block.get("mimeType"));
                piece = "[" + (type == null ? "unknown" : type) + (mime == null ? "" : " " + mime) + "]";
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(piece);
            if (sb.length() > 4 * MAX_STRING) {
                break;
            }
        }
        return sb.toString();
    }

    /** The text of one sampling message's content (a block or, in newer revisions, a list of blocks). */
    static String messageText(Object content) {
        if (content instanceof List<?>) {
            return contentText(Json.asArray(content));
        }
        if (content instanceof Map<?, ?>) {
            return contentText(List.of(content));
        }
        return content == null ? "" : Json.text(content);
    }

    static String str(Object o) {
        return Json.text(o);
    }

    /** The number of items of a list-valued field, or -1 when absent. */
    static int count(Map<String, Object> result, String key) {
        return result.get(key) instanceof List<?> l ? l.size() : -1;
    }
}
