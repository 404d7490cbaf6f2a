package io.github.agentstrace.wrap;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites the text of an MCP client config so that its stdio servers run through
 * {@code agent-strace record}, and back.
 *
 * <p>Known shapes: a top-level {@code "mcpServers"} object (Claude Code {@code .mcp.json} and
 * {@code ~/.claude.json}, including its {@code projects[path].mcpServers}; Cursor {@code mcp.json};
 * Windsurf {@code mcp_config.json}; Claude Desktop {@code claude_desktop_config.json}) and a top-level
 * {@code "servers"} object (VS Code {@code mcp.json}). A stdio entry
 * {@code {"command": C, "args": [A...]}} becomes
 * {@code {"command": "agent-strace", "args": ["record", "--name", NAME, "--", C, A...]}}; every other key
 * ({@code type}, {@code env}, {@code disabled}, ...) and the key order stay as they were. Entries already
 * wrapped are left alone, so wrapping twice changes nothing. Remote entries ({@code url}, Windsurf's
 * {@code serverUrl}) cannot be wrapped by a command; they are reported with the {@code record-http}
 * command that would proxy them.
 *
 * <p>It also adds or removes one server entry in a client's file ({@link #register}, for {@code setup --mcp}),
 * and knows each client's entry shape ({@link Client}).
 */
public final class McpConfig {
    /** The program put in {@code command} when the user names none. */
    public static final String DEFAULT_EXEC = "agent-strace";
    static final int FIRST_PROXY_PORT = 5100;
    /** Options of {@code record} that take a value, to find a hand-written entry's server command. */
    private static final Set<String> RECORD_VALUE_OPTIONS = Set.of("--name", "-n", "--trace-dir", "--color", "--colour");

    /** Wrapping options: the launcher to run, a prefix for session names, an explicit trace directory (or null). */
    public record Options(String exec, String namePrefix, String traceDir) {
        public Options {
            exec = exec == null || exec.isEmpty() ? DEFAULT_EXEC : exec;
            namePrefix = namePrefix == null ? "" : namePrefix;
        }
    }

    /**
     * A remote server that {@code wrap} cannot rewrite, with the proxy that would record it: {@code args} is
     * the {@code record-http} command line (launcher first), {@code command} the same as one line for a
     * POSIX shell, and {@code localUrl} where the client is then pointed: the proxy's {@code /}, which
     * {@code record-http} maps to the server's URL, path and query included.
     */
    public record Remote(String name, String url, List<String> args, String command, String localUrl) {
        public Remote {
            args = List.copyOf(args);
        }
    }

    /**
     * What a rewrite did. {@code text} is the new file content ({@code changed} false: the input as is);
     * {@code exact} is true when {@code unwrap} restored the backup byte for byte.
     */
    public record Result(String text, boolean changed, List<String> rewritten, List<String> untouched,
                         List<Remote> remotes, List<String> notes, boolean exact) {
    }

    private McpConfig() {
    }

    /** Wraps every stdio server not yet wrapped. */
    public static Result wrap(String text, String fileName, Options options) {
        Map<String, Object> root = parse(text, fileName);
        List<Map<String, Object>> groups = serverGroups(root, fileName);
        List<String> wrapped = new ArrayList<>();
        List<String> already = new ArrayList<>();
        List<Remote> remotes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Map<String, Object> servers : groups) {
            for (Map.Entry<String, Object> e : servers.entrySet()) {
                String name = e.getKey();
                Map<String, Object> entry = entry(e.getValue(), name, fileName);
                switch (kind(entry, name, fileName)) {
                    case WRAPPED -> already.add(name);
                    case REMOTE -> remotes.add(remote(name, remoteUrl(entry), options, remotes.size()));
                    case NONE -> notes.add("server \"" + name + "\" has no command or url; left as is");
                    case STDIO -> {
                        e.setValue(wrapEntry(entry, name, options));
                        wrapped.add(name);
                    }
                }
            }
        }
        if (wrapped.isEmpty()) {
            return new Result(text, false, wrapped, already, remotes, notes, false);
        }
        return new Result(JsonLayout.of(text).render(root), true, wrapped, already, remotes, notes, false);
    }

    /**
     * Restores every wrapped server to its original command and arguments. When {@code backup} (the file
     * as it was before {@code wrap}, or null) describes the same configuration as the result, the backup
     * text itself is returned, so the file comes back byte for byte.
     */
    public static Result unwrap(String text, String fileName, String backup) {
        Map<String, Object> root = parse(text, fileName);
        List<Map<String, Object>> groups = serverGroups(root, fileName);
        Map<String, Object> backupRoot = null;
        if (backup != null) {
            try {
                backupRoot = Json.asObject(Json.parse(backup));
            } catch (JsonException e) {
                backupRoot = null;
            }
        }
        List<String> unwrapped = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Map<String, Object> servers : groups) {
            for (Map.Entry<String, Object> e : servers.entrySet()) {
                String name = e.getKey();
                Map<String, Object> entry = entry(e.getValue(), name, fileName);
                if (kind(entry, name, fileName) != Kind.WRAPPED) {
                    plain.add(name);
                    continue;
                }
                Map<String, Object> restored = unwrapEntry(entry);
                Map<String, Object> original = backupEntry(backupRoot, servers, groups, name);
                if (original != null && normalized(original).equals(normalized(restored))) {
                    restored = original;
                }
                e.setValue(restored);
                unwrapped.add(name);
            }
        }
        if (unwrapped.isEmpty()) {
            return new Result(text, false, unwrapped, plain, List.of(), notes, false);
        }
        if (backupRoot != null && backupRoot.equals(root)) {
            return new Result(backup, true, unwrapped, plain, List.of(), notes, true);
        }
        return new Result(JsonLayout.of(text).render(root), true, unwrapped, plain, List.of(), notes, false);
    }

    /**
     * The five clients whose config files this class knows, with where their servers live ({@code key}) and
     * whether their stdio entries say {@code "type": "stdio"}.
     */
    public enum Client {
        CLAUDE_CODE("Claude Code", ".mcp.json in a project, or ~/.claude.json", "mcpServers", true),
        CURSOR("Cursor", "~/.cursor/mcp.json, or .cursor/mcp.json in a project", "mcpServers", false),
        WINDSURF("Windsurf", "~/.codeium/windsurf/mcp_config.json", "mcpServers", false),
        VS_CODE("VS Code", ".vscode/mcp.json in a workspace, or the user profile's mcp.json", "servers", true),
        CLAUDE_DESKTOP("Claude Desktop", "claude_desktop_config.json in ~/Library/Application Support/Claude/ on macOS,"
                + " %APPDATA%\\Claude\\ on Windows", "mcpServers", false);

        private final String label;
        private final String files;
        private final String key;
        private final boolean typed;

        Client(String label, String files, String key, boolean typed) {
            this.label = label;
            this.files = files;
            this.key = key;
            this.typed = typed;
        }

        /** The client's name. */
        public String label() {
            return label;
        }

        /** Where its config files are. */
        public String files() {
            return files;
        }

        /** The stdio server entry this client expects. */
        public Map<String, Object> stdioEntry(String command, List<String> args) {
            Map<String, Object> entry = new LinkedHashMap<>();
            if (typed) {
                entry.put("type", "stdio");
            }
            entry.put("command", command);
            entry.put("args", new ArrayList<Object>(args));
            return entry;
        }

        /** The JSON to paste into the client's config: the server under the client's key, pretty. */
        public String snippet(String name, Map<String, Object> entry) {
            Map<String, Object> servers = new LinkedHashMap<>();
            servers.put(name, entry);
            Map<String, Object> root = new LinkedHashMap<>();
            root.put(key, servers);
            return Json.writePretty(root);
        }
    }

    /**
     * What {@link #register} or {@link #unregister} did: the new text ({@code changed} false: the input as
     * is), and whether an entry of that name was there before with other content ({@code replaced}).
     */
    public record Registration(String text, boolean changed, boolean replaced) {
    }

    /**
     * Adds or updates one server entry, keeping every other server and setting in place and the file's
     * layout. An entry already equal to {@code entry} changes nothing. {@code text} null or blank: a new file.
     */
    public static Registration register(String text, String fileName, Client client, String name,
                                        Map<String, Object> entry) {
        boolean fresh = text == null || text.isBlank();
        Map<String, Object> root = fresh ? new LinkedHashMap<>() : parse(text, fileName);
        Map<String, Object> servers = servers(root, client, fileName, true);
        Object old = servers.get(name);
        if (entry.equals(old)) {
            return new Registration(text, false, false);
        }
        servers.put(name, entry);
        String out = fresh ? Json.writePretty(root) + "\n" : JsonLayout.of(text).render(root);
        return new Registration(out, true, old != null);
    }

    /** Removes one server entry, keeping everything else; no such entry changes nothing. */
    public static Registration unregister(String text, String fileName, Client client, String name) {
        Map<String, Object> root = parse(text, fileName);
        Map<String, Object> servers = servers(root, client, fileName, false);
        if (servers == null || !servers.containsKey(name)) {
            return new Registration(text, false, false);
        }
        servers.remove(name);
        return new Registration(JsonLayout.of(text).render(root), true, false);
    }

    /** The client's server map, created when asked; fails when the key holds something else. */
    private static Map<String, Object> servers(Map<String, Object> root, Client client, String fileName,
                                               boolean create) {
        Object v = root.get(client.key);
        if (v == null && create) {
            Map<String, Object> servers = new LinkedHashMap<>();
            root.put(client.key, servers);
            return servers;
        }
        if (v != null && !(v instanceof Map<?, ?>)) {
            throw new ConfigException(fileName + ": \"" + client.key + "\" is " + describe(v)
                    + ", expected an object of servers by name");
        }
        return v == null ? null : Json.asObject(v);
    }

    private enum Kind { STDIO, WRAPPED, REMOTE, NONE }

    private static Map<String, Object> parse(String text, String fileName) {
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonException e) {
            String hint = text.contains("//") || text.contains("/*")
                    ? " (comments and trailing commas are not supported: remove them first)" : "";
            throw new ConfigException(fileName + ": invalid JSON: " + e.getMessage() + hint, e);
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw new ConfigException(fileName + ": not an MCP client config: the top level is "
                    + describe(parsed) + ", expected an object");
        }
        return Json.asObject(parsed);
    }

    /** The server maps of the file, in file order; fails on a shape we do not know. */
    private static List<Map<String, Object>> serverGroups(Map<String, Object> root, String fileName) {
        List<Map<String, Object>> groups = new ArrayList<>();
        addGroup(groups, root, "mcpServers", fileName, "");
        addGroup(groups, root, "servers", fileName, "");
        // ~/.claude.json keeps per-project (local scope) servers under projects["/abs/path"].mcpServers.
        if (root.get("projects") instanceof Map<?, ?> projects) {
            for (Map.Entry<String, Object> p : Json.asObject(projects).entrySet()) {
                if (p.getValue() instanceof Map<?, ?> project) {
                    addGroup(groups, Json.asObject(project), "mcpServers", fileName,
                            "projects[\"" + p.getKey() + "\"].");
                }
            }
        }
        if (groups.isEmpty()) {
            throw new ConfigException(fileName + ": not an MCP client config: no \"mcpServers\" object (Claude Code, "
                    + "Cursor, Windsurf, Claude Desktop) and no \"servers\" object (VS Code)");
        }
        return groups;
    }

    private static void addGroup(List<Map<String, Object>> groups, Map<String, Object> owner, String key,
                                 String fileName, String where) {
        if (!owner.containsKey(key)) {
            return;
        }
        Object v = owner.get(key);
        if (!(v instanceof Map<?, ?>)) {
            throw new ConfigException(fileName + ": " + where + "\"" + key + "\" is " + describe(v)
                    + ", expected an object of servers by name");
        }
        groups.add(Json.asObject(v));
    }

    private static Map<String, Object> entry(Object value, String name, String fileName) {
        if (!(value instanceof Map<?, ?>)) {
            throw new ConfigException(fileName + ": server \"" + name + "\" is " + describe(value)
                    + ", expected an object");
        }
        return Json.asObject(value);
    }

    private static Kind kind(Map<String, Object> entry, String name, String fileName) {
        Object type = entry.get("type");
        boolean remoteType = type instanceof String t && !t.equals("stdio");
        if (entry.containsKey("command") && !remoteType) {
            if (!(entry.get("command") instanceof String command) || command.isEmpty()) {
                throw new ConfigException(fileName + ": server \"" + name + "\": \"command\" is "
                        + describe(entry.get("command")) + ", expected a non-empty string");
            }
            Object args = entry.get("args");
            if (args != null && !(args instanceof List<?> list && list.stream().allMatch(a -> a instanceof String))) {
                throw new ConfigException(fileName + ": server \"" + name + "\": \"args\" is "
                        + describe(args) + ", expected an array of strings");
            }
            return isWrapped(command, Json.asArray(args)) ? Kind.WRAPPED : Kind.STDIO;
        }
        return remoteUrl(entry) != null ? Kind.REMOTE : Kind.NONE;
    }

    /** A wrapped entry runs an agent-strace launcher with {@code record [options] [--] original...}. */
    static boolean isWrapped(String command, List<Object> args) {
        String base = command.substring(Math.max(command.lastIndexOf('/'), command.lastIndexOf('\\')) + 1);
        return base.startsWith(DEFAULT_EXEC) && originalStart(args) > 0;
    }

    /**
     * Where the recorded server's own command starts in {@code record}'s arguments: after {@code --}, or
     * at the first word that is not one of record's options (written by hand, {@code record} stops at its
     * first positional). -1 when the arguments are not a record command line with a server command.
     */
    static int originalStart(List<Object> args) {
        if (args.isEmpty() || !"record".equals(args.get(0))) {
            return -1;
        }
        int i = 1;
        while (i < args.size()) {
            String a = String.valueOf(args.get(i));
            if (a.equals("--")) {
                return i + 1 < args.size() ? i + 1 : -1;
            }
            if (!a.startsWith("-")) {
                return i;
            }
            i += RECORD_VALUE_OPTIONS.contains(a) ? 2 : 1;
        }
        return -1;
    }

    private static String remoteUrl(Map<String, Object> entry) {
        if (entry.get("url") instanceof String u && !u.isEmpty()) {
            return u;
        }
        if (entry.get("serverUrl") instanceof String u && !u.isEmpty()) {
            return u;
        }
        return null;
    }

    private static Map<String, Object> wrapEntry(Map<String, Object> entry, String name, Options options) {
        List<Object> args = new ArrayList<>();
        args.add("record");
        if (options.traceDir() != null) {
            args.add("--trace-dir");
            args.add(options.traceDir());
        }
        args.add("--name");
        args.add(options.namePrefix() + name);
        args.add("--");
        args.add(entry.get("command"));
        args.addAll(Json.asArray(entry.get("args")));
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : entry.entrySet()) {
            switch (e.getKey()) {
                case "command" -> {
                    out.put("command", options.exec());
                    if (!entry.containsKey("args")) {
                        out.put("args", args);
                    }
                }
                case "args" -> out.put("args", args);
                default -> out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static Map<String, Object> unwrapEntry(Map<String, Object> entry) {
        List<Object> args = Json.asArray(entry.get("args"));
        List<Object> original = args.subList(originalStart(args), args.size());
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : entry.entrySet()) {
            switch (e.getKey()) {
                case "command" -> out.put("command", original.get(0));
                case "args" -> out.put("args", new ArrayList<>(original.subList(1, original.size())));
                default -> out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The same server in the backup: looked up in the group at the same place as {@code servers}. */
    private static Map<String, Object> backupEntry(Map<String, Object> backupRoot, Map<String, Object> servers,
                                                   List<Map<String, Object>> groups, String name) {
        if (backupRoot == null) {
            return null;
        }
        List<Map<String, Object>> backupGroups;
        try {
            backupGroups = serverGroups(backupRoot, "backup");
        } catch (ConfigException e) {
            return null;
        }
        for (Map<String, Object> g : backupGroups) {
            if (g.get(name) instanceof Map<?, ?> m && sameGroup(g, servers, backupGroups, groups)) {
                return Json.asObject(m);
            }
        }
        return null;
    }

    private static boolean sameGroup(Map<String, Object> backupGroup, Map<String, Object> group,
                                     List<Map<String, Object>> backupGroups, List<Map<String, Object>> groups) {
        int bi = indexOfIdentity(backupGroups, backupGroup);
        int gi = indexOfIdentity(groups, group);
        return bi == gi;
    }

    private static int indexOfIdentity(List<Map<String, Object>> list, Map<String, Object> item) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == item) {
                return i;
            }
        }
        return -1;
    }

    /** An entry with a missing {@code args} taken as empty, for comparing a restored entry with the backup. */
    private static Map<String, Object> normalized(Map<String, Object> entry) {
        Map<String, Object> m = new LinkedHashMap<>(entry);
        m.putIfAbsent("args", List.of());
        return m;
    }

    private static Remote remote(String name, String url, Options options, int index) {
        int port = FIRST_PROXY_PORT + index;
        List<String> args = new ArrayList<>(List.of(options.exec(), "record-http", url, "--port", Integer.toString(port),
                "--name", options.namePrefix() + name));
        if (options.traceDir() != null) {
            args.add("--trace-dir");
            args.add(options.traceDir());
        }
        List<String> words = new ArrayList<>();
        for (String a : args) {
            words.add(shellWord(a));
        }
        // Not <port>/<the server's path>: record-http's / is the whole upstream URL, so that would reach
        // <path>/<path>.
        return new Remote(name, url, args, String.join(" ", words), "http://127.0.0.1:" + port + "/");
    }

    /** A word as a POSIX shell would need it to stay one word (for the commands we print). */
    static String shellWord(String w) {
        if (!w.isEmpty() && w.chars().allMatch(c -> Character.isLetterOrDigit(c) || "_./:@%+=,-".indexOf(c) >= 0)) {
            return w;
        }
        return "'" + w.replace("'", "'\\''") + "'";
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof List<?>) {
            return "an array";
        }
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }
}
