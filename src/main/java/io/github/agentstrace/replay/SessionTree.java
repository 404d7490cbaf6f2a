package io.github.agentstrace.replay;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.Ansi;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A session and its subagent sessions (linked by {@code parent_session_id} in meta.json), as a tree
 * ({@code replay --tree}) or as a list of sessions to aggregate ({@code stats --include-subagents}).
 * Children are ordered by start time; a cycle or nesting deeper than {@link Replay#MAX_DEPTH} stops
 * the walk with a warning.
 */
public final class SessionTree {
    private final TraceStore store;
    private final Consumer<String> warnings;

    public SessionTree(TraceStore store, Consumer<String> warnings) {
        this.store = store;
        this.warnings = warnings;
    }

    /** A session with its depth below the root. */
    record Node(SessionMeta meta, int depth, boolean last, String indent) {
    }

    /** The root and all its descendants, depth first, children by start time. */
    List<Node> walk(String rootId) {
        SessionMeta root = store.readMeta(rootId);
        Map<String, List<SessionMeta>> children = new HashMap<>();
        for (SessionMeta m : store.list(warnings)) {
            if (!m.parentSessionId().isEmpty()) {
                children.computeIfAbsent(m.parentSessionId(), k -> new ArrayList<>()).add(m);
            }
        }
        children.values().forEach(l -> l.sort(Comparator.comparingDouble(SessionMeta::startedAt)));
        List<Node> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        add(root, 0, true, "", children, seen, out);
        return out;
    }

    private void add(SessionMeta m, int depth, boolean last, String indent, Map<String, List<SessionMeta>> children,
                     Set<String> seen, List<Node> out) {
        if (!seen.add(m.sessionId())) {
            warnings.accept("session " + m.sessionId() + " appears twice in the tree (cyclic parent links)");
            return;
        }
        out.add(new Node(m, depth, last, indent));
        List<SessionMeta> kids = children.getOrDefault(m.sessionId(), List.of());
        if (kids.isEmpty()) {
            return;
        }
        if (depth + 1 > Replay.MAX_DEPTH) {
            warnings.accept("subagents below " + m.sessionId() + " not shown: nested deeper than " + Replay.MAX_DEPTH);
            return;
        }
        String childIndent = depth == 0 ? "" : indent + (last ? "   " : "│  ");
        for (int i = 0; i < kids.size(); i++) {
            add(kids.get(i), depth + 1, i == kids.size() - 1, childIndent, children, seen, out);
        }
    }

    /** The ids of the root and every descendant. */
    public List<String> sessionIds(String rootId) {
        List<String> ids = new ArrayList<>();
        for (Node n : walk(rootId)) {
            ids.add(n.meta().sessionId());
        }
        return ids;
    }

    /** Prints the tree, one line per session, then the totals. */
    public void print(String rootId, PrintStream out, Ansi ansi, int width) {
        List<Node> nodes = walk(rootId);
        StringBuilder sb = new StringBuilder();
        sb.append('\n').append(new Line().add(Ansi.BOLD, "Session tree for " + rootId).render(ansi, width)).append("\n\n");
        long tools = 0;
        long llm = 0;
        long tokens = 0;
        long errors = 0;
        for (Node n : nodes) {
            SessionMeta m = n.meta();
            tools += m.toolCalls();
            llm += m.llmRequests();
            tokens += m.totalTokens();
            errors += m.errors();
            Line line = new Line();
            if (n.depth() > 0) {
                line.add(Ansi.GRAY, n.indent() + (n.last() ? "└─ " : "├─ "));
            }
            line.add(Ansi.BOLD, m.sessionId());
            if (!m.agentName().isEmpty()) {
                line.plain("  ").add(Ansi.DIM, m.agentName());
            }
            line.plain(String.format(Locale.ROOT, "  %.1fs  %d tools  %,d tokens", m.durationMs(0) / 1000.0,
                    m.toolCalls(), m.totalTokens()));
            if (m.errors() > 0) {
                line.plain("  ").add(Ansi.RED, "✗ " + m.errors() + (m.errors() == 1 ? " error" : " errors"));
            }
            sb.append(line.render(ansi, width)).append('\n');
        }
        sb.append('\n').append(String.format(Locale.ROOT, "Total: %d %s, %d tool calls, %d LLM requests, %,d tokens, %d %s",
                nodes.size(), nodes.size() == 1 ? "session" : "sessions", tools, llm, tokens, errors,
                errors == 1 ? "error" : "errors")).append("\n\n");
        out.print(sb);
    }
}
