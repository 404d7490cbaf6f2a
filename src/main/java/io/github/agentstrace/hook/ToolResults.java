package io.github.agentstrace.hook;

import io.github.agentstrace.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A readable {@code result} text from Claude Code's structured {@code tool_response}: Bash gives its
 * stdout and stderr, content-block lists (MCP tools, Agent) their text blocks, anything else its compact
 * JSON. The original's {@code tool_output} is used when {@code tool_response} is absent.
 */
final class ToolResults {
    private ToolResults() {
    }

    static String readable(Object response) {
        if (response == null) {
            return "";
        }
        if (response instanceof String s) {
            return s;
        }
        if (response instanceof Map<?, ?> raw) {
            Map<String, Object> m = Json.asObject(raw);
            if (m.get("stdout") instanceof String || m.get("stderr") instanceof String) {
                return bash(m);
            }
            if (m.get("content") instanceof List<?> blocks) {
                String text = texts(blocks);
                if (text != null) {
                    return text;
                }
            }
            return Json.write(m);
        }
        if (response instanceof List<?> blocks) {
            String text = texts(blocks);
            if (text != null) {
                return text;
            }
        }
        return Json.write(response);
    }

    private static String bash(Map<String, Object> m) {
        String out = m.get("stdout") instanceof String s ? s : "";
        String err = m.get("stderr") instanceof String s ? s : "";
        StringBuilder sb = new StringBuilder(out.length() + err.length() + 16).append(out);
        if (!err.isEmpty()) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append("[stderr] ").append(err);
        }
        if (Boolean.TRUE.equals(m.get("interrupted"))) {
            sb.append(sb.length() > 0 ? "\n" : "").append("[interrupted]");
        }
        return sb.toString();
    }

    /** The text blocks of an MCP-style content list joined by newlines; null if it has none. */
    private static String texts(List<?> blocks) {
        StringBuilder sb = null;
        for (Object b : blocks) {
            Map<String, Object> block = Json.asObject(b);
            if ("text".equals(block.get("type")) && block.get("text") instanceof String t) {
                if (sb == null) {
                    sb = new StringBuilder();
                } else {
                    sb.append('\n');
                }
                sb.append(t);
            }
        }
        return sb == null ? null : sb.toString();
    }

    /** The distinct {@code type}s of a content-block list, for replay's {@code [text,image]} hint. */
    static List<Object> contentTypes(Object response) {
        Object content = response instanceof Map<?, ?> m ? m.get("content") : response;
        if (!(content instanceof List<?> blocks)) {
            return null;
        }
        ArrayList<Object> types = new ArrayList<>();
        for (Object b : blocks) {
            Object t = Json.asObject(b).get("type");
            if (t instanceof String s && !types.contains(s)) {
                types.add(s);
            }
        }
        return types.isEmpty() ? null : types;
    }
}
