package io.github.agentstrace.replay;

import io.github.agentstrace.term.Line;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.session.McpToolName;
import io.github.agentstrace.session.ToolKind;
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

    /** True for an MCP tool name ({@code mcp__<server>__<tool>}). */
    static boolean isMcp(String toolName) {
        return McpToolName.is(toolName);
    }

    /** {@code server/tool} for an MCP tool name, else the name itself. */
    static String displayName(String toolName) {
        return McpToolName.display(toolName);
    }

    /** Shell tools: their calls and results belong to the {@code %shell} filter class. */
    static boolean isShell(String toolName) {
        return ToolKind.of(toolName) == ToolKind.SHELL;
    }

    /** File tools: their calls and results belong to the {@code %file} filter class. */
    static boolean isFile(String toolName) {
        return toolName != null && (ToolKind.of(toolName).touchesFiles()
                || toolName.toLowerCase(Locale.ROOT).contains("file"));
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
