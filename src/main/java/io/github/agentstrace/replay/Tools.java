package io.github.agentstrace.replay;

import io.github.agentstrace.json.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a person wants to see of a tool call and its result: Claude Code's tools by their arguments
 * ({@code $ cmd} for Bash, paths, patterns, queries...), MCP tools ({@code mcp__server__tool}) and
 * everything else by its arguments as {@code key: value} pairs.
 */
final class Tools {
    private Tools() {
    }

    /** True for Claude Code's name of an MCP tool: {@code mcp__<server>__<tool>}. */
    static boolean isMcp(String toolName) {
        return toolName != null && toolName.startsWith("mcp__") && toolName.indexOf("__", 5) > 5;
    }

    /** {@code server/tool} for an MCP tool name, else the name itself. */
    static String displayName(String toolName) {
        if (!isMcp(toolName)) {
            return toolName;
        }
        int sep = toolName.indexOf("__", 5);
        return toolName.substring(5, sep) + "/" + toolName.substring(sep + 2);
    }

    /** Shell tools: their calls and results belong to the {@code %shell} filter class. */
    static boolean isShell(String toolName) {
        if (toolName == null) {
            return false;
        }
        return switch (toolName.toLowerCase(Locale.ROOT)) {
            case "bash", "bashoutput", "killshell", "killbash", "shell", "run_shell_command", "exec", "terminal" -> true;
            default -> false;
        };
    }

    /** File tools: their calls and results belong to the {@code %file} filter class. */
    static boolean isFile(String toolName) {
        if (toolName == null) {
            return false;
        }
        String n = toolName.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "read", "write", "edit", "multiedit", "notebookedit", "notebookread", "glob", "grep", "ls" -> true;
            default -> n.contains("file") || n.endsWith("__read") || n.endsWith("__write");
        };
    }

    /** One line describing a call's arguments; "" when there is nothing worth showing. */
    static String callDetail(String toolName, Map<String, Object> args) {
        if (args.isEmpty()) {
            return "";
        }
        String n = toolName == null ? "" : toolName.toLowerCase(Locale.ROOT);
        String d = switch (n) {
            case "bash" -> bash(args);
            case "read", "notebookread" -> read(args);
            case "write" -> write(args);
            case "edit" -> edit(args);
            case "multiedit" -> multiEdit(args);
            case "glob" -> glob(args);
            case "grep" -> grep(args);
            case "webfetch" -> str(args, "url");
            case "websearch" -> quoted(str(args, "query"));
            case "task", "agent" -> agent(args);
            case "todowrite" -> todos(args);
            case "notebookedit" -> notebook(args);
            case "bashoutput", "killshell", "killbash" -> first(args, "bash_id", "shell_id");
            default -> null;
        };
        return d == null || d.isEmpty() ? generic(args) : d;
    }

    private static String bash(Map<String, Object> args) {
        String cmd = str(args, "command");
        if (cmd == null) {
            return null;
        }
        return "$ " + Markdown.oneLine(cmd.replace("\n", " ↵ ")) + (truthy(args.get("run_in_background")) ? " &" : "");
    }

    private static String read(Map<String, Object> args) {
        String path = first(args, "file_path", "notebook_path", "path");
        if (path == null) {
            return null;
        }
        long offset = num(args.get("offset"));
        long limit = num(args.get("limit"));
        if (offset > 0 && limit > 0) {
            return path + " (lines " + offset + "-" + (offset + limit - 1) + ")";
        }
        if (limit > 0) {
            return path + " (first " + limit + " lines)";
        }
        if (offset > 0) {
            return path + " (from line " + offset + ")";
        }
        return path;
    }

    private static String write(Map<String, Object> args) {
        String path = first(args, "file_path", "path");
        if (path == null) {
            return null;
        }
        String content = str(args, "content");
        return content == null ? path : path + " (" + lines(content) + " lines)";
    }

    private static String edit(Map<String, Object> args) {
        String path = first(args, "file_path", "path");
        if (path == null) {
            return null;
        }
        String old = first(args, "old_string", "old_text");
        String replacement = first(args, "new_string", "new_text");
        StringBuilder sb = new StringBuilder(path);
        if (old != null) {
            sb.append(" (replacing: ").append(Line.clip(Markdown.oneLine(old), 40));
            if (replacement != null) {
                sb.append(" → ").append(Line.clip(Markdown.oneLine(replacement), 40));
            }
            sb.append(')');
        }
        if (truthy(args.get("replace_all"))) {
            sb.append(" [all]");
        }
        return sb.toString();
    }

    private static String multiEdit(Map<String, Object> args) {
        String path = first(args, "file_path", "path");
        if (path == null) {
            return null;
        }
        int n = Json.asArray(args.get("edits")).size();
        return path + " (" + n + (n == 1 ? " edit)" : " edits)");
    }

    private static String glob(Map<String, Object> args) {
        String pattern = str(args, "pattern");
        if (pattern == null) {
            return null;
        }
        String path = str(args, "path");
        return path == null ? pattern : pattern + " in " + path;
    }

    private static String grep(Map<String, Object> args) {
        String pattern = str(args, "pattern");
        if (pattern == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder("/").append(pattern).append('/');
        String path = str(args, "path");
        if (path != null) {
            sb.append(" in ").append(path);
        }
        String glob = str(args, "glob");
        if (glob != null) {
            sb.append(" (").append(glob).append(')');
        }
        String type = str(args, "type");
        if (type != null) {
            sb.append(" (type ").append(type).append(')');
        }
        return sb.toString();
    }

    private static String agent(Map<String, Object> args) {
        String type = first(args, "subagent_type", "agent_type");
        String what = first(args, "description", "prompt");
        if (what == null) {
            return null;
        }
        return (type == null ? "" : "[" + type + "] ") + Markdown.oneLine(what)
                + (truthy(args.get("run_in_background")) ? " &" : "");
    }

    private static String todos(Map<String, Object> args) {
        List<Object> todos = Json.asArray(args.get("todos"));
        int done = 0;
        int active = 0;
        String current = null;
        for (Object t : todos) {
            Map<String, Object> todo = Json.asObject(t);
            String status = String.valueOf(todo.get("status"));
            if (status.equals("completed")) {
                done++;
            } else if (status.equals("in_progress")) {
                active++;
                if (current == null) {
                    current = first(todo, "activeForm", "content");
                }
            }
        }
        String s = todos.size() + (todos.size() == 1 ? " todo: " : " todos: ") + done + " done, " + active
                + " in progress, " + (todos.size() - done - active) + " pending";
        return current == null ? s : s + " → " + Markdown.oneLine(current);
    }

    private static String notebook(Map<String, Object> args) {
        String path = first(args, "notebook_path", "file_path");
        if (path == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(path);
        String cell = str(args, "cell_id");
        if (cell != null) {
            sb.append(" cell ").append(cell);
        }
        String mode = str(args, "edit_mode");
        if (mode != null) {
            sb.append(" (").append(mode).append(')');
        }
        return sb.toString();
    }

    /** Every argument as {@code key: value}, strings bare, anything else as compact JSON. */
    static String generic(Map<String, Object> args) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : args.entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(": ");
            Object v = e.getValue();
            sb.append(v instanceof String s ? Markdown.oneLine(s) : Json.write(v));
            if (sb.length() > 4096) {
                break; // longer than any detail line is allowed to be anyway
            }
        }
        return sb.toString();
    }

    /**
     * The readable text of a result value: strings as they are, Claude Code's tool responses by their
     * useful field (stdout/stderr, file content, MCP content blocks, written paths), else compact JSON.
     */
    static String resultText(Object result) {
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
            String out = textOf(m.get("stdout"));
            String err = textOf(m.get("stderr"));
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
            sb.append(textOf(o));
            if (sb.length() > 1024) {
                break;
            }
        }
        return sb.toString();
    }

    static String textOf(Object o) {
        return o == null ? "" : o instanceof String s ? s : Json.write(o);
    }

    static String str(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s && !s.isEmpty() ? s : null;
    }

    static String first(Map<String, Object> m, String... keys) {
        for (String k : keys) {
            String s = str(m, k);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    private static String quoted(String s) {
        return s == null ? null : "\"" + s + "\"";
    }

    static boolean truthy(Object o) {
        return Boolean.TRUE.equals(o) || (o instanceof String s && s.equalsIgnoreCase("true"));
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static int lines(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        int n = 1;
        for (int i = 0; i < s.length() - 1; i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
