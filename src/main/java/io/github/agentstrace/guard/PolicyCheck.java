package io.github.agentstrace.guard;

import io.github.agentstrace.session.McpToolName;
import io.github.agentstrace.session.Subject;
import io.github.agentstrace.session.ToolKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A policy ready to judge calls: one call (its tool, its {@link Subject} as the session model reads it, and
 * its arguments) gives the {@link Finding}s of every rule it touches.
 *
 * <ul>
 *   <li><b>tools</b>: the tool's name, and for a tool of an MCP server recorded by {@code record} also
 *       {@code mcp__<server>__<tool>}, so one policy serves hooks and the proxy;</li>
 *   <li><b>files</b>: reads against {@code files.read}, writes and edits against {@code files.write}; a
 *       search's directory, paths in a shell command and paths of other tools only against the deny lists
 *       (they are not known to be read in full, and an allow list of files would refuse every search);</li>
 *   <li><b>commands</b>: shell commands, by {@link ShellCommand}'s reading;</li>
 *   <li><b>network</b>: the hosts {@link Hosts} finds;</li>
 *   <li><b>sensitive</b>: every path, flagged (denied with {@code sensitive.deny}).</li>
 * </ul>
 * Relative paths are taken from the project root; absolute ones inside it are made relative to it.
 */
public final class PolicyCheck {
    /** Argument keys whose text is content, not something the call reaches. */
    private static final Set<String> CONTENT_KEYS = Set.of("content", "text", "body", "new_string", "old_string",
            "new_source", "message", "description", "prompt", "edits");

    private final Policy policy;
    private final String root;
    private final String home;
    private final Globs readAllow;
    private final Globs readDeny;
    private final Globs writeAllow;
    private final Globs writeDeny;
    private final Sensitive sensitive;

    private record Globs(List<Glob> globs) {
        Glob match(FilePath p) {
            for (Glob g : globs) {
                if (g.matches(p)) {
                    return g;
                }
            }
            return null;
        }

        boolean isEmpty() {
            return globs.isEmpty();
        }
    }

    private PolicyCheck(Policy policy, String root, String home) {
        this.policy = policy;
        this.root = root;
        this.home = home;
        this.readAllow = globs(policy.read().allow(), home);
        this.readDeny = globs(policy.read().deny(), home);
        this.writeAllow = globs(policy.write().allow(), home);
        this.writeDeny = globs(policy.write().deny(), home);
        this.sensitive = Sensitive.of(policy.sensitive(), home);
    }

    /**
     * @param root the project root relative paths start from (null: paths stay as given)
     * @param home the home directory for {@code ~/} in patterns and commands (null: none)
     */
    public static PolicyCheck of(Policy policy, String root, String home) {
        return new PolicyCheck(policy, root, home);
    }

    public Policy policy() {
        return policy;
    }

    /** Every finding of one call; empty when the policy has nothing to say. */
    public List<Finding> check(String tool, Subject subject, Map<String, Object> arguments) {
        List<Finding> out = new ArrayList<>();
        tools(tool, subject, out);
        Map<String, Object> args = arguments == null ? Map.of() : arguments;
        ToolKind kind = subject.kind();
        if (subject.command() != null) {
            ShellCommand command = ShellCommand.of(subject.command());
            commands(command, out);
            for (String word : pathWords(subject.command())) {
                otherPath(word, "uses", out);
            }
            network(Hosts.inText(subject.command()), out);
        }
        for (String p : subject.paths()) {
            switch (kind) {
                case READ -> read(p, out);
                case WRITE -> write(p, "writes", out);
                case EDIT -> write(p, "edits", out);
                case SEARCH -> otherPath(p, "searches", out);
                default -> otherPath(p, "uses", out);
            }
        }
        if (kind == ToolKind.WEB) {
            Set<String> hosts = new LinkedHashSet<>();
            if (subject.url() != null && Hosts.ofUrl(subject.url()) != null) {
                hosts.add(Hosts.ofUrl(subject.url()));
            }
            network(hosts, out);
        } else if (kind != ToolKind.SHELL) {
            Map<String, Object> reached = new java.util.LinkedHashMap<>(args);
            reached.keySet().removeAll(CONTENT_KEYS);
            network(Hosts.inArguments(reached), out);
        }
        return dedupe(out);
    }

    private static Globs globs(List<String> patterns, String home) {
        List<Glob> g = new ArrayList<>(patterns.size());
        for (String p : patterns) {
            g.add(Glob.of(p, home));
        }
        return new Globs(List.copyOf(g));
    }

    /** Whether any finding blocks the call. */
    public static boolean denies(List<Finding> findings) {
        for (Finding f : findings) {
            if (f.blocking()) {
                return true;
            }
        }
        return false;
    }

    private void tools(String tool, Subject subject, List<Finding> out) {
        if (policy.tools().isEmpty() || tool == null) {
            return;
        }
        List<String> names = new ArrayList<>(2);
        names.add(tool);
        if (subject.mcpServer() != null && !McpToolName.is(tool)) {
            names.add("mcp__" + subject.mcpServer() + "__" + tool);
        }
        String shown = names.get(names.size() - 1);
        for (String entry : policy.tools().deny()) {
            for (String n : names) {
                if (toolMatches(entry, n)) {
                    out.add(new Finding(Rule.TOOLS_DENY, entry, n, true,
                            "uses tool " + n + ", which tools.deny lists (" + quote(entry) + ")"));
                    return;
                }
            }
        }
        if (!policy.tools().allow().isEmpty()) {
            for (String entry : policy.tools().allow()) {
                for (String n : names) {
                    if (toolMatches(entry, n)) {
                        return;
                    }
                }
            }
            out.add(new Finding(Rule.TOOLS_ALLOW, null, shown, true,
                    "uses tool " + shown + ", which tools.allow does not list"));
        }
    }

    private static boolean toolMatches(String entry, String name) {
        return Glob.hasWildcards(entry) ? Glob.matchText(entry, name, false) : entry.equals(name);
    }

    private void read(String raw, List<Finding> out) {
        FilePath p = FilePath.of(raw, root);
        Glob deny = readDeny.match(p);
        if (deny != null) {
            out.add(new Finding(Rule.FILES_READ_DENY, deny.text(), p.display(), true,
                    "reads " + p.display() + ", which files.read.deny lists (" + quote(deny.text()) + ")"));
        } else if (!readAllow.isEmpty() && readAllow.match(p) == null) {
            out.add(new Finding(Rule.FILES_READ_ALLOW, null, p.display(), true,
                    "reads " + p.display() + ", which files.read.allow does not list"));
        }
        sensitive(p, "reads", out);
    }

    private void write(String raw, String verb, List<Finding> out) {
        FilePath p = FilePath.of(raw, root);
        Glob deny = writeDeny.match(p);
        if (deny != null) {
            out.add(new Finding(Rule.FILES_WRITE_DENY, deny.text(), p.display(), true,
                    verb + " " + p.display() + ", which files.write.deny lists (" + quote(deny.text()) + ")"));
        } else if (!writeAllow.isEmpty() && writeAllow.match(p) == null) {
            out.add(new Finding(Rule.FILES_WRITE_ALLOW, null, p.display(), true,
                    verb + " " + p.display() + ", which files.write.allow does not list"));
        }
        sensitive(p, verb, out);
    }

    /** A path whose use is unknown: only the deny lists and the sensitive list apply. */
    private void otherPath(String raw, String verb, List<Finding> out) {
        FilePath p = FilePath.of(raw, root);
        Glob deny = readDeny.match(p);
        Rule rule = Rule.FILES_READ_DENY;
        if (deny == null) {
            deny = writeDeny.match(p);
            rule = Rule.FILES_WRITE_DENY;
        }
        if (deny != null) {
            out.add(new Finding(rule, deny.text(), p.display(), true,
                    verb + " " + p.display() + ", which " + rule.id() + " lists (" + quote(deny.text()) + ")"));
        }
        sensitive(p, verb, out);
    }

    private void sensitive(FilePath p, String verb, List<Finding> out) {
        Glob g = sensitive.match(p);
        if (g != null) {
            boolean deny = policy.sensitive().deny();
            out.add(new Finding(Rule.SENSITIVE, g.text(), p.display(), deny,
                    verb + " " + p.display() + ", a sensitive file (" + quote(g.text()) + ")"
                            + (deny ? ", which sensitive.deny denies" : "")));
        }
    }

    private void commands(ShellCommand command, List<Finding> out) {
        for (String entry : policy.commands().deny()) {
            String hit = command.matching(entry);
            if (hit != null) {
                out.add(new Finding(Rule.COMMANDS_DENY, entry, command.line(), true,
                        "runs " + quote(hit) + ", which commands.deny lists (" + quote(entry) + ")"));
                return;
            }
        }
        if (!policy.commands().allow().isEmpty()) {
            String missing = command.notAllowed(policy.commands().allow());
            if (missing != null) {
                out.add(new Finding(Rule.COMMANDS_ALLOW, null, command.line(), true,
                        "runs " + quote(missing) + ", which commands.allow does not list"));
            }
        }
    }

    private void network(Set<String> hosts, List<Finding> out) {
        Policy.Lists net = policy.network();
        if (net.isEmpty() && !policy.networkDenyAll()) {
            return;
        }
        for (String host : hosts) {
            String denied = first(net.deny(), host);
            if (denied != null) {
                out.add(new Finding(Rule.NETWORK_DENY, denied, host, true,
                        "reaches " + host + ", which network.deny lists (" + quote(denied) + ")"));
            } else if (!net.allow().isEmpty() && first(net.allow(), host) == null) {
                out.add(new Finding(Rule.NETWORK_ALLOW, null, host, true,
                        "reaches " + host + ", which network.allow does not list"));
            } else if (net.allow().isEmpty() && policy.networkDenyAll()) {
                out.add(new Finding(Rule.NETWORK_DENY_ALL, null, host, true,
                        "reaches " + host + " while network.deny_all is set"));
            }
        }
    }

    private static String first(List<String> entries, String host) {
        for (String e : entries) {
            if (Hosts.matches(e, host)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Words of a command that name files: they contain a slash or start with {@code .} or {@code ~}, and are
     * neither options, URLs, assignments nor patterns. Redirections ({@code >out.txt}) count.
     */
    private List<String> pathWords(String command) {
        List<String> out = new ArrayList<>();
        for (String w : command.split("[\\s;|&()`]+")) {
            String word = w.replace("\"", "").replace("'", "");
            int redirect = 0;
            while (redirect < word.length() && (word.charAt(redirect) == '>' || word.charAt(redirect) == '<'
                    || Character.isDigit(word.charAt(redirect)) && redirect + 1 < word.length()
                    && (word.charAt(redirect + 1) == '>' || word.charAt(redirect + 1) == '<'))) {
                redirect++;
            }
            word = word.substring(redirect);
            if (word.isEmpty() || word.startsWith("-") || word.contains("://") || word.indexOf('=') > 0
                    || Glob.hasWildcards(word) || word.contains("$")) {
                continue;
            }
            if (word.startsWith("~/") && home != null) {
                word = home + word.substring(1);
            }
            if (word.indexOf('/') >= 0 || word.startsWith(".") && word.length() > 1 && !word.equals("..")) {
                out.add(word);
            }
        }
        return out;
    }

    private static List<Finding> dedupe(List<Finding> in) {
        List<Finding> out = new ArrayList<>(in.size());
        Set<String> seen = new java.util.HashSet<>();
        for (Finding f : in) {
            if (seen.add(f.rule().id() + "\u0000" + f.target())) {
                out.add(f);
            }
        }
        return out;
    }

    /** A value in a message: on one line, in quotes (renderers cut lines to the terminal, not here). */
    static String quote(String s) {
        return "\"" + io.github.agentstrace.model.Texts.oneLine(s) + "\"";
    }
}
