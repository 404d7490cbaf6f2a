package io.github.agentstrace.replay;

import io.github.agentstrace.term.Line;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.session.Summary;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Plural;
import java.util.List;

/**
 * {@code replay --tree}: a session and its subagent sessions, one line each with what the session model
 * counted (tool calls, tokens, errors), then the totals of the whole tree.
 */
public final class TreeView {
    private TreeView() {
    }

    /** The tree as text, every line cut to {@code width} (0: no limit). */
    public static String render(SessionView root, Ansi ansi, int width, double nowSeconds) {
        StringBuilder sb = new StringBuilder();
        sb.append('\n').append(new Line().add(Ansi.BOLD, "Session tree for " + root.id()).render(ansi, width))
                .append("\n\n");
        node(root, "", true, ansi, width, nowSeconds, sb);
        Summary t = root.tree();
        long sessions = t.sessions().size();
        sb.append('\n').append("Total: ").append(Plural.count(sessions, "session")).append(", ")
                .append(Plural.count(t.toolCalls(), "tool call")).append(", ")
                .append(Plural.count(t.turns(), "LLM turn")).append(", ")
                .append(Plural.count(t.tokens(), "token")).append(", ")
                .append(Plural.count(t.errors(), "error")).append("\n\n");
        return sb.toString();
    }

    private static void node(SessionView v, String indent, boolean last, Ansi ansi, int width, double now,
                             StringBuilder sb) {
        SessionMeta m = v.meta();
        Summary s = v.summary();
        Line line = new Line();
        if (v.depth() > 0) {
            line.add(Ansi.GRAY, indent + (last ? "└─ " : "├─ "));
        }
        line.add(Ansi.BOLD, m.sessionId());
        if (!m.agentName().isEmpty()) {
            line.plain("  ").add(Ansi.DIM, m.agentName());
        }
        line.plain("  " + TimeFormat.duration(m.durationMs(now)) + "  " + Plural.count(s.toolCalls(), "tool") + "  "
                + Plural.count(s.tokens(), "token"));
        if (s.errors() > 0) {
            line.plain("  ").add(Ansi.RED, "✗ " + Plural.count(s.errors(), "error"));
        }
        if (v.status() != SessionView.Status.ENDED) {
            line.plain("  ").add(Ansi.YELLOW, v.status().word());
        }
        sb.append(line.render(ansi, width)).append('\n');
        String childIndent = v.depth() == 0 ? "" : indent + (last ? "   " : "│  ");
        List<SessionView.Child> kids = v.children();
        for (int i = 0; i < kids.size(); i++) {
            node(kids.get(i).view(), childIndent, i == kids.size() - 1, ansi, width, now, sb);
        }
    }
}
