package io.github.agentstrace.guard;

import io.github.agentstrace.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent may do, as the policy file says (a superset of the original's {@code .agent-scope.json}):
 * files read and written, commands run, hosts reached, tools used, each with an {@code allow} list (when
 * not empty, nothing else is allowed) and a {@code deny} list (always wins). Sensitive paths are flagged
 * whatever the lists say, and denied when {@code sensitive.deny} is true. An empty policy allows
 * everything and flags sensitive paths.
 *
 * @param source         where it was read from ({@code .agent-strace/policy.json}), or "" when built in code
 * @param description    what the file says it is for, or ""
 * @param read           {@code files.read}: globs of files that may be (must not be) read or searched
 * @param write          {@code files.write}: globs of files that may (must not) be written or edited
 * @param commands       {@code commands}: command prefixes ({@code "uv run"}) or patterns ({@code "curl * | sh"})
 * @param network        {@code network}: host names or patterns ({@code "*.github.com"})
 * @param networkDenyAll {@code network.deny_all}: no host but those allowed (the original's switch)
 * @param tools          {@code tools}: tool names or patterns ({@code "mcp__github__*"})
 * @param sensitive      the sensitive-path settings
 * @param warnings       what in the file was not understood (unknown keys), for the commands to show
 */
public record Policy(String source, String description, Lists read, Lists write, Lists commands, Lists network,
                     boolean networkDenyAll, Lists tools, Sensitivity sensitive, List<String> warnings) {

    public Policy {
        warnings = List.copyOf(warnings);
    }

    /** No rules: everything is allowed, sensitive paths are flagged. */
    public static final Policy NONE = new Policy("", "", Lists.EMPTY, Lists.EMPTY, Lists.EMPTY, Lists.EMPTY, false,
            Lists.EMPTY, Sensitivity.DEFAULT, List.of());

    /**
     * An allow list and a deny list.
     *
     * @param allow when not empty, only what it matches is allowed
     * @param deny  what it matches is denied, whatever {@code allow} says
     */
    public record Lists(List<String> allow, List<String> deny) {
        public static final Lists EMPTY = new Lists(List.of(), List.of());

        public Lists {
            allow = List.copyOf(allow);
            deny = List.copyOf(deny);
        }

        public boolean isEmpty() {
            return allow.isEmpty() && deny.isEmpty();
        }
    }

    /**
     * How sensitive paths are treated.
     *
     * @param deny   deny calls that touch one (default: only flag them)
     * @param add    more globs to treat as sensitive
     * @param ignore globs of paths never to flag ({@code .env.example})
     */
    public record Sensitivity(boolean deny, List<String> add, List<String> ignore) {
        public static final Sensitivity DEFAULT = new Sensitivity(false, List.of(), List.of());

        public Sensitivity {
            add = List.copyOf(add);
            ignore = List.copyOf(ignore);
        }
    }

    /** Whether the policy has any rule besides the sensitive paths. */
    public boolean hasRules() {
        return !read.isEmpty() || !write.isEmpty() || !commands.isEmpty() || !network.isEmpty() || networkDenyAll
                || !tools.isEmpty() || sensitive.deny();
    }

    /** The policy in its file's shape (what {@code policy suggest} writes); empty parts are left out. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!description.isEmpty()) {
            m.put("description", description);
        }
        Map<String, Object> files = new LinkedHashMap<>();
        put(files, "read", lists(read, null));
        put(files, "write", lists(write, null));
        put(m, "files", files);
        put(m, "commands", lists(commands, null));
        Map<String, Object> net = lists(network, networkDenyAll ? Boolean.TRUE : null);
        put(m, "network", net);
        put(m, "tools", lists(tools, null));
        if (!sensitive.equals(Sensitivity.DEFAULT)) {
            Map<String, Object> s = new LinkedHashMap<>();
            if (sensitive.deny()) {
                s.put("deny", true);
            }
            if (!sensitive.add().isEmpty()) {
                s.put("add", new ArrayList<Object>(sensitive.add()));
            }
            if (!sensitive.ignore().isEmpty()) {
                s.put("ignore", new ArrayList<Object>(sensitive.ignore()));
            }
            m.put("sensitive", s);
        }
        return m;
    }

    private static Map<String, Object> lists(Lists l, Boolean denyAll) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (denyAll != null) {
            m.put("deny_all", denyAll); // first, as the original writes it
        }
        if (!l.allow().isEmpty()) {
            m.put("allow", new ArrayList<Object>(l.allow()));
        }
        if (!l.deny().isEmpty()) {
            m.put("deny", new ArrayList<Object>(l.deny()));
        }
        return m;
    }

    private static void put(Map<String, Object> m, String key, Map<String, Object> value) {
        if (!value.isEmpty()) {
            m.put(key, value);
        }
    }

    @Override
    public String toString() {
        return Json.write(toJson());
    }
}
