package io.github.agentstrace.guard;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.session.Call;
import io.github.agentstrace.session.McpToolName;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.Step;
import io.github.agentstrace.session.Subject;
import io.github.agentstrace.session.Summary;
import io.github.agentstrace.session.ToolKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code policy suggest}: a policy that allows what some sessions did, for a person to review before it is
 * used. It allows the tools they used, the files they read and wrote (collapsed: a directory with three or
 * more files touched below it becomes {@code dir/**}), the programs their shell commands ran and the hosts
 * they reached; it sets {@code network.deny_all} (so the original enforces it too) and, when nothing was
 * written, denies writes. Sensitive files are never allowed by a suggestion: they are listed in
 * {@link #notes} instead.
 */
public final class PolicySuggestion implements SessionListener {
    /** Files below one directory from which on the directory is allowed whole. */
    static final int COLLAPSE_AT = 3;

    private final String fallbackRoot;
    private final String home;
    private final Set<String> tools = new TreeSet<>();
    private final Set<String> programs = new TreeSet<>();
    private final Set<String> hosts = new TreeSet<>();
    private final Set<String> reads = new LinkedHashSet<>();
    private final Set<String> writes = new LinkedHashSet<>();
    private final Set<String> notes = new LinkedHashSet<>();
    private final List<String> sessions = new ArrayList<>();
    private final List<String> roots = new ArrayList<>();
    private PolicyCheck check;

    /**
     * @param fallbackRoot where relative paths start when a session does not say where it worked
     * @param home         the home directory, or null
     */
    public PolicySuggestion(String fallbackRoot, String home) {
        this.fallbackRoot = fallbackRoot;
        this.home = home;
    }

    @Override
    public void begin(SessionMeta meta, int depth) {
        if (depth == 0) {
            sessions.add(meta.sessionId());
        }
        String root = Json.asString(meta.attribution().get("working_dir"));
        roots.add(root == null || root.isEmpty() ? fallbackRoot : root);
        check = null;
    }

    @Override
    public void step(Step step) {
        TraceEvent e = step.event();
        if (e.kind() == EventType.SESSION_START && check == null) {
            String cwd = Json.asString(e.data().get("cwd"));
            if (cwd != null && !cwd.isEmpty()) {
                roots.set(roots.size() - 1, cwd);
            }
        }
        Call call = step.call();
        if (call == null || call.number() == 0) {
            return;
        }
        if (check == null) {
            check = PolicyCheck.of(Policy.NONE, roots.get(roots.size() - 1), home);
        }
        Subject s = call.subject();
        String tool = call.tool();
        tools.add(s.mcpServer() != null && !McpToolName.is(tool) ? "mcp__" + s.mcpServer() + "__" + tool : tool);
        TraceEvent callEvent = e.kind() == EventType.TOOL_CALL ? e : step.partner();
        Map<String, Object> args = callEvent == null ? Map.of() : Json.asObject(callEvent.data().get("arguments"));
        List<Finding> findings = check.check(tool, s, args);
        for (Finding f : findings) {
            if (f.rule() == Rule.SENSITIVE) {
                notes.add(f.message() + ": not allowed by the suggestion; allow it yourself if it is meant");
            }
        }
        String root = roots.get(roots.size() - 1);
        for (String p : s.paths()) {
            FilePath path = FilePath.of(p, root);
            if (sensitive(findings, path)) {
                continue;
            }
            if (s.kind() == ToolKind.READ) {
                reads.add(key(path));
            } else if (s.kind() == ToolKind.WRITE || s.kind() == ToolKind.EDIT) {
                writes.add(key(path));
            }
        }
        if (s.command() != null) {
            for (String part : ShellCommand.of(s.command()).parts()) {
                int space = part.indexOf(' ');
                programs.add(space < 0 ? part : part.substring(0, space));
            }
            hosts.addAll(Hosts.inText(s.command()));
        }
        if (s.kind() == ToolKind.WEB && s.url() != null && Hosts.ofUrl(s.url()) != null) {
            hosts.add(Hosts.ofUrl(s.url()));
        } else if (s.kind() != ToolKind.SHELL && s.kind() != ToolKind.WEB) {
            hosts.addAll(Hosts.inArguments(args));
        }
    }

    private static boolean sensitive(List<Finding> findings, FilePath path) {
        for (Finding f : findings) {
            if (f.rule() == Rule.SENSITIVE && f.target().equals(path.display())) {
                return true;
            }
        }
        return false;
    }

    /** A path as a suggestion writes it: relative to the project when inside it, else absolute. */
    private static String key(FilePath p) {
        return p.display();
    }

    @Override
    public void end(SessionMeta meta, Summary summary) {
        roots.remove(roots.size() - 1);
        check = null;
    }

    /** What a person should know before using the suggestion (sensitive files it left out). */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** The suggested policy; {@code date} goes into its description. */
    public Policy policy(String date) {
        String description = "Suggested by agent-strace policy suggest from " + sessions.size()
                + (sessions.size() == 1 ? " session (" : " sessions (") + String.join(", ", sessions.subList(0,
                Math.min(5, sessions.size()))) + (sessions.size() > 5 ? ", ..." : "") + ") on " + date
                + "; review it before use.";
        Policy.Lists write = writes.isEmpty() ? new Policy.Lists(List.of(), List.of("**"))
                : new Policy.Lists(collapse(writes), List.of());
        Policy.Lists read = new Policy.Lists(collapse(reads), List.of());
        return new Policy("", description, read, write, new Policy.Lists(List.copyOf(programs), List.of()),
                new Policy.Lists(List.copyOf(hosts), List.of()), true, new Policy.Lists(List.copyOf(tools), List.of()),
                Policy.Sensitivity.DEFAULT, List.of());
    }

    /**
     * Paths as globs: a directory with {@link #COLLAPSE_AT} or more distinct files below it becomes
     * {@code dir/**} (never the project root itself, nor a directory right below {@code /}), other files stay
     * as they are. Sorted.
     */
    static List<String> collapse(Set<String> paths) {
        Node root = new Node();
        for (String p : paths) {
            Node n = root;
            String[] parts = p.split("/", -1);
            for (int i = 0; i < parts.length; i++) {
                String part = i == 0 && parts[0].isEmpty() ? "/" : parts[i];
                if (part.isEmpty()) {
                    continue;
                }
                n = n.children.computeIfAbsent(part, k -> new Node());
            }
            n.file = true;
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Node> e : root.children.entrySet()) {
            emit(e.getKey().equals("/") ? "" : e.getKey(), e.getValue(), e.getKey().equals("/") ? 0 : 1, out);
        }
        out.sort(null);
        return out;
    }

    /** {@code depth}: segments of {@code path} (absolute paths start at 0 for {@code /}). */
    private static void emit(String path, Node n, int depth, List<String> out) {
        boolean absolute = path.isEmpty() || path.startsWith("/");
        boolean mayCollapse = absolute ? depth >= 2 : depth >= 1;
        if (mayCollapse && !n.children.isEmpty() && n.files() >= COLLAPSE_AT) {
            out.add(path + "/**");
            return;
        }
        if (n.file && !path.isEmpty()) {
            out.add(path);
        }
        for (Map.Entry<String, Node> e : n.children.entrySet()) {
            emit(path.isEmpty() && absolute ? "/" + e.getKey() : path + "/" + e.getKey(), e.getValue(), depth + 1, out);
        }
    }

    private static final class Node {
        final Map<String, Node> children = new TreeMap<>();
        boolean file;

        long files() {
            long c = file ? 1 : 0;
            for (Node n : children.values()) {
                c += n.files();
            }
            return c;
        }
    }
}
