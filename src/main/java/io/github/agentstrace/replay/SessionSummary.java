package io.github.agentstrace.replay;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.term.Ansi;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The summary block that heads {@code replay} and {@code stats}, from a session's meta.json. */
final class SessionSummary {
    private static final DateTimeFormatter STARTED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private SessionSummary() {
    }

    static String render(SessionMeta m, Ansi ansi, int width, double nowSeconds) {
        StringBuilder sb = new StringBuilder();
        String rule = "─".repeat(width > 0 ? Math.min(50, width) : 50);
        sb.append('\n');
        sb.append(new Line().add(Ansi.BOLD, "Session Summary").render(ansi, width)).append('\n');
        sb.append(ansi.gray(rule)).append('\n');
        row(sb, ansi, width, "Session:", m.sessionId());
        row(sb, ansi, width, "Command:", m.command());
        row(sb, ansi, width, "Agent:", m.agentName());
        if (!m.parentSessionId().isEmpty()) {
            row(sb, ansi, width, "Parent:", m.parentSessionId() + (m.depth() > 0 ? " (depth " + m.depth() + ")" : ""));
        }
        row(sb, ansi, width, "Started:", STARTED.format(Instant.ofEpochMilli(Math.round(m.startedAt() * 1000))));
        String duration = String.format(Locale.ROOT, "%.2fs", m.durationMs(nowSeconds) / 1000.0);
        row(sb, ansi, width, "Duration:", m.finished() || m.totalDurationMs() > 0 ? duration : duration + " (running)");
        row(sb, ansi, width, "Tool calls:", Long.toString(m.toolCalls()));
        row(sb, ansi, width, "LLM reqs:", Long.toString(m.llmRequests()));
        if (m.totalTokens() > 0) {
            row(sb, ansi, width, "Tokens:", String.format(Locale.ROOT, "%,d", m.totalTokens()));
        }
        row(sb, ansi, width, "Errors:", Long.toString(m.errors()));
        sb.append(ansi.gray(rule)).append('\n');
        return sb.toString();
    }

    private static void row(StringBuilder sb, Ansi ansi, int width, String label, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        sb.append(new Line().plain(String.format(Locale.ROOT, "  %-11s ", label)).plain(value).render(ansi, width))
                .append('\n');
    }
}
