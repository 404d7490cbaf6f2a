package io.github.agentstrace.session;

import io.github.agentstrace.json.Json;
import java.util.List;
import java.util.Map;

/**
 * The readable text of what a call returned, whatever shape the recorder gave it: strings as they are,
 * Claude Code's tool responses by their useful field (stdout/stderr, file content, MCP content blocks,
 * written paths), the original's previews, else compact JSON. Replay shows it; failures without a message
 * are explained by it; {@code why} searches it.
 */
public final class Results {
    private Results() {
    }

    /** The text of an answer event's data: {@code result}, {@code content_preview}, {@code output}, stdout/stderr. */
    public static String text(Map<String, Object> d) {
        Object result = d.get("result");
        if (result != null) {
            return of(result);
        }
        for (String key : new String[] {"content_preview", "output", "response"}) {
            if (d.get(key) != null) {
                return of(d.get(key));
            }
        }
        if (d.containsKey("stdout") || d.containsKey("stderr")) {
            return of(d);
        }
        if (d.get("content") instanceof List<?> l) {
            return of(l);
        }
        return "";
    }

    /**
     * The readable text of a result value: strings as they are, Claude Code's tool responses by their
     * useful field (stdout/stderr, file content, MCP content blocks, written paths), else compact JSON.
     */
    public static String of(Object result) {
        if (result == null) {
            return "";
        }
        if (result instanceof String s) {
            return s;
        }
        if (result instanceof List<?> list) {
            String blocks = contentBlocks(list);
            return blocks != null ? blocks : Json.write(result);
        }
        if (!(result instanceof Map<?, ?>)) {
            return Json.write(result);
        }
        Map<String, Object> m = Json.asObject(result);
        if (m.containsKey("stdout") || m.containsKey("stderr")) {
            String out = Json.text(m.get("stdout"));
            String err = Json.text(m.get("stderr"));
            return out.isBlank() ? err : err.isBlank() ? out : out + " | stderr: " + err;
        }
        if (m.get("content") instanceof List<?> list) {
            String blocks = contentBlocks(list);
            if (blocks != null) {
                return blocks;
            }
        }
        if (m.get("file") instanceof Map<?, ?> file && Json.asObject(file).get("content") instanceof String c) {
            return c;
        }
        String path = str(m, "filePath");
        if (path != null) {
            String type = str(m, "type");
            if ("create".equals(type)) {
                return "created " + path;
            }
            if (m.containsKey("oldString") || m.containsKey("edits") || "update".equals(type)) {
                return "updated " + path;
            }
        }
        if (m.get("filenames") instanceof List<?> names) {
            return names.size() + (names.size() == 1 ? " file: " : " files: ") + joinStrings(names);
        }
        for (String key : List.of("result", "output", "text", "message")) {
            if (m.get(key) instanceof String s) {
                return s;
            }
        }
        if ("async_launched".equals(m.get("status"))) {
            return "launched in background" + (m.get("agentId") instanceof String id ? " (agent " + id + ")" : "");
        }
        return Json.write(result);
    }

    /** MCP-style content blocks ({@code [{"type":"text","text":...}, ...]}); null when the list is not that. */
    private static String contentBlocks(List<?> list) {
        StringBuilder sb = new StringBuilder();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> block)) {
                return null;
            }
            Map<String, Object> b = Json.asObject(block);
            String type = str(b, "type");
            if (type == null) {
                return null;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (b.get("text") instanceof String t) {
                sb.append(t);
            } else {
                sb.append('[').append(type).append(']');
            }
        }
        return sb.toString();
    }

    private static String joinStrings(List<?> list) {
        StringBuilder sb = new StringBuilder();
        for (Object o : list) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(Json.text(o));
            if (sb.length() > 1024) {
                break;
            }
        }
        return sb.toString();
    }


    private static String str(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s && !s.isEmpty() ? s : null;
    }
}
