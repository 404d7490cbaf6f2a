package io.github.agentstrace.session;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.store.TraceStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Sessions and their subagent sessions (linked by {@code parent_session_id} in meta.json): the one walk of
 * the tree, with the one depth limit. The trace directory is listed once, when the tree is made; children
 * are ordered by start time; a cycle, or nesting deeper than {@link #MAX_DEPTH}, stops the walk there with
 * a warning.
 */
public final class SessionTree {
    /** Subagents nested deeper than this are not walked (protects against cycles in hand-edited metas). */
    public static final int MAX_DEPTH = 8;

    private final TraceStore store;
    private final Consumer<String> warnings;
    private final Map<String, SessionMeta> byId = new HashMap<>();
    private final Map<String, List<SessionMeta>> children = new HashMap<>();

    /** A session in the tree, with its depth and children. */
    public record Node(SessionMeta meta, int depth, List<Node> children) {
        /** This node and every node below it, depth first. */
        public List<Node> flatten() {
            List<Node> all = new ArrayList<>();
            addTo(all);
            return all;
        }

        private void addTo(List<Node> all) {
            all.add(this);
            children.forEach(c -> c.addTo(all));
        }
    }

    public SessionTree(TraceStore store, Consumer<String> warnings) {
        this.store = store;
        this.warnings = warnings;
        for (SessionMeta m : store.list(warnings)) {
            byId.put(m.sessionId(), m);
            if (!m.parentSessionId().isEmpty()) {
                children.computeIfAbsent(m.parentSessionId(), k -> new ArrayList<>()).add(m);
            }
        }
        Comparator<SessionMeta> byStart = Comparator.comparingDouble(SessionMeta::startedAt)
                .thenComparing(SessionMeta::sessionId);
        children.values().forEach(l -> l.sort(byStart));
    }

    /** Every session of the directory, most recently started first. */
    public List<SessionMeta> all() {
        List<SessionMeta> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparingDouble(SessionMeta::startedAt).reversed()
                .thenComparing(SessionMeta::sessionId, Comparator.reverseOrder()));
        return all;
    }

    /** A session's meta, from the listing when it is there, else from its directory. */
    public SessionMeta meta(String id) {
        SessionMeta m = byId.get(id);
        return m != null ? m : store.readMeta(id);
    }

    /** True when the directory holds the session (with a readable meta.json). */
    public boolean exists(String id) {
        return byId.containsKey(id);
    }

    /** The subagent sessions directly below a session, by start time. */
    public List<SessionMeta> children(String id) {
        return children.getOrDefault(id, List.of());
    }

    /** The session alone, without its subagents. */
    public Node single(String id) {
        return new Node(meta(id), 0, List.of());
    }

    /** The session and every session below it. */
    public Node walk(String rootId) {
        return walk(meta(rootId), 0, new HashSet<>());
    }

    private Node walk(SessionMeta m, int depth, Set<String> seen) {
        seen.add(m.sessionId());
        List<SessionMeta> kids = children(m.sessionId());
        List<Node> nodes = new ArrayList<>(kids.size());
        if (!kids.isEmpty() && depth + 1 > MAX_DEPTH) {
            warnings.accept("subagents below " + m.sessionId() + " not read: nested deeper than " + MAX_DEPTH);
            return new Node(m, depth, List.of());
        }
        for (SessionMeta kid : kids) {
            if (seen.contains(kid.sessionId())) {
                warnings.accept("session " + kid.sessionId() + " appears twice in the tree (cyclic parent links)");
                continue;
            }
            nodes.add(walk(kid, depth + 1, seen));
        }
        return new Node(m, depth, List.copyOf(nodes));
    }

    /** The top of the tree a session belongs to (itself when it has no known parent). */
    public String top(String id) {
        String top = id;
        Set<String> seen = new HashSet<>();
        seen.add(top);
        for (int i = 0; i < MAX_DEPTH; i++) {
            SessionMeta m = byId.get(top);
            if (m == null || m.parentSessionId().isEmpty() || !byId.containsKey(m.parentSessionId())
                    || !seen.add(m.parentSessionId())) {
                break;
            }
            top = m.parentSessionId();
        }
        return top;
    }
}
