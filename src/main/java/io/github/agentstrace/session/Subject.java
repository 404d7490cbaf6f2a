package io.github.agentstrace.session;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a call is about, read from its tool name and arguments: the command it runs, the files it reads,
 * writes or edits, the pattern it searches for, the URL or query it fetches, the MCP server and tool it
 * calls. Fields that do not apply are null (the list is empty).
 *
 * @param kind      the tool's kind
 * @param command   a shell command, as given
 * @param program   the program a shell command runs ({@code pytest} for {@code cd x && pytest -q}), or null
 * @param paths     files (or, for searches, directories) the call names; {@code file://} URIs as paths
 * @param pattern   a search pattern (Grep, Glob)
 * @param url       a URL (WebFetch, or any {@code url} argument)
 * @param query     a search query, or what a subagent was asked to do
 * @param mcpServer the MCP server, for MCP tools
 * @param mcpTool   the tool's name on that server, for MCP tools
 */
public record Subject(ToolKind kind, String command, String program, List<String> paths, String pattern, String url,
                      String query, String mcpServer, String mcpTool) {

    public Subject {
        paths = paths == null ? List.of() : List.copyOf(paths);
    }

    /** No subject at all (a call without arguments, or an unknown tool). */
    public static final Subject NONE = new Subject(ToolKind.OTHER, null, null, List.of(), null, null, null, null, null);

    /**
     * The subject of a call.
     *
     * @param toolName   the tool, as recorded
     * @param arguments  the call's {@code arguments} (or {@code tool_input})
     * @param mcpServer  the MCP server the whole session talks to (a {@code record} session), or null
     */
    public static Subject of(String toolName, Map<String, Object> arguments, String mcpServer) {
        ToolKind kind = ToolKind.of(toolName);
        McpToolName mcp = McpToolName.parse(toolName);
        String server = mcp != null ? mcp.server() : mcpServer;
        String tool = mcp != null ? mcp.tool() : mcpServer != null ? toolName : null;
        Map<String, Object> a = arguments == null ? Map.of() : arguments;
        String command = null;
        String pattern = null;
        String url = text(a, "url", "uri_to_fetch");
        String query = null;
        List<String> paths = new ArrayList<>(2);
        switch (kind) {
            case SHELL -> command = commandOf(a);
            case SEARCH -> {
                pattern = text(a, "pattern", "query", "regex", "glob");
                addPath(paths, text(a, "path", "dir_path", "directory", "target_directory"));
            }
            case WEB -> query = text(a, "query", "prompt");
            case AGENT -> query = text(a, "description", "prompt");
            default -> {
                addPath(paths, text(a, "file_path", "notebook_path", "path", "file", "filename", "absolute_path",
                        "target_file", "uri"));
                for (Object p : Json.asArray(a.get("paths"))) {
                    addPath(paths, p instanceof String s ? s : null);
                }
                if (kind == ToolKind.OTHER) {
                    command = commandOf(a);
                    query = text(a, "query");
                }
            }
        }
        return new Subject(kind, command, command == null ? null : program(command), paths, pattern, url, query,
                server, tool);
    }

    /** The text that tells two calls of one tool apart: the command, the paths, the pattern, the URL, the query. */
    public String key() {
        if (command != null) {
            return Texts.oneLine(command);
        }
        StringBuilder sb = new StringBuilder();
        if (!paths.isEmpty()) {
            sb.append(String.join(",", paths));
        }
        for (String s : new String[] {pattern, url, query}) {
            if (s != null) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(Texts.oneLine(s));
            }
        }
        return sb.toString();
    }

    /** One short line for people: {@code $ command}, the paths, {@code /pattern/}, the URL or the query. */
    public String describe() {
        if (command != null) {
            return "$ " + Texts.oneLine(command);
        }
        if (pattern != null) {
            return "/" + pattern + "/" + (paths.isEmpty() ? "" : " in " + paths.get(0));
        }
        if (!paths.isEmpty()) {
            return paths.size() == 1 ? paths.get(0) : paths.get(0) + " (+" + (paths.size() - 1) + ")";
        }
        if (url != null) {
            return url;
        }
        return query == null ? "" : "\"" + Texts.oneLine(query) + "\"";
    }

    private static String commandOf(Map<String, Object> a) {
        Object c = a.get("command");
        if (c == null) {
            c = a.get("cmd");
        }
        if (c instanceof List<?> argv) { // exec-style agents pass argv
            StringBuilder sb = new StringBuilder();
            for (Object o : argv) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(Json.text(o));
            }
            return sb.length() == 0 ? null : sb.toString();
        }
        return c instanceof String s && !s.isBlank() ? s : null;
    }

    /**
     * The program a command line runs: the first word of the first {@code &&}/{@code ;}/{@code |} part that
     * runs something ({@code cd}, {@code export}, variable assignments, {@code sudo}, {@code env},
     * {@code time}, {@code npx}, {@code uv run} are skipped), without its directory ({@code ./gradlew} ->
     * {@code gradlew}); null when there is none.
     */
    static String program(String command) {
        int n = command.length();
        int i = 0;
        while (i < n) {
            int end = i;
            while (end < n && !isSeparator(command.charAt(end))) {
                end++;
            }
            String word = firstWord(command, i, end);
            if (word != null) {
                return word;
            }
            i = end + 1;
        }
        return null;
    }

    private static boolean isSeparator(char c) {
        return c == ';' || c == '|' || c == '&' || c == '\n' || c == '(' || c == ')';
    }

    /** The first word of {@code s[from, to)} that names a program, or null when the part runs none. */
    private static String firstWord(String s, int from, int to) {
        int i = from;
        while (i < to) {
            while (i < to && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < to && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (start == i) {
                break;
            }
            String w = s.substring(start, i);
            switch (w) {
                case "sudo", "env", "time", "nohup", "exec", "npx", "bunx", "uv", "poetry", "run", "command" -> {
                    continue;
                }
                case "cd", "export", "source", ".", "set", "true", "unset", "pushd", "popd" -> {
                    return null; // this part only sets up the shell
                }
                default -> {
                }
            }
            if (w.startsWith("-") || (w.indexOf('=') > 0 && Character.isLetter(w.charAt(0)))) {
                continue; // an option of a skipped word, or FOO=bar
            }
            String bare = w.replace("\"", "").replace("'", "");
            int slash = bare.lastIndexOf('/');
            bare = slash >= 0 ? bare.substring(slash + 1) : bare;
            return bare.isEmpty() ? null : bare;
        }
        return null;
    }

    private static void addPath(List<String> paths, String p) {
        if (p == null || p.isBlank()) {
            return;
        }
        String path = p.startsWith("file://") ? p.substring("file://".length()) : p;
        if (!paths.contains(path)) {
            paths.add(path);
        }
    }

    private static String text(Map<String, Object> a, String... keys) {
        for (String k : keys) {
            if (a.get(k) instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        return null;
    }
}
