package io.github.agentstrace.replay;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.provenance.Provenance;
import io.github.agentstrace.redact.Privacy;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.session.Summary;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import io.github.agentstrace.term.Plural;
import io.github.agentstrace.term.Units;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The block that heads {@code replay} and {@code stats}: what the session is (from meta.json) and, when
 * the session model has read it, what happened in it (never meta.json's counters, which a crashed
 * recorder leaves stale).
 */
final class SessionSummary {
    private static final DateTimeFormatter STARTED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private SessionSummary() {
    }

    /**
     * @param status  the session's status as read, or null before it was read (then meta decides)
     * @param counted its facts, or null to show identity only (replay prints them after the timeline)
     */
    static String render(SessionMeta m, SessionView.Status status, Summary counted, Ansi ansi, int width,
                         double nowSeconds) {
        return render(m, status, counted, null, ansi, width, nowSeconds);
    }

    /** As above, with the session's {@code provenance.json} (null: none): its git facts and privacy tier. */
    static String render(SessionMeta m, SessionView.Status status, Summary counted, Provenance provenance, Ansi ansi,
                         int width, double nowSeconds) {
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
        if (provenance != null && provenance.describeGit() != null) {
            String changes = provenance.describeChanges();
            row(sb, ansi, width, "Git:", provenance.describeGit() + (changes == null ? "" : "; " + changes));
        }
        if (provenance != null && Privacy.ofStored(provenance.privacy()) == Privacy.METADATA) {
            row(sb, ansi, width, "Privacy:", "metadata (prompts, tool inputs and outputs, answers not kept)");
        }
        row(sb, ansi, width, "Started:", STARTED.format(Instant.ofEpochMilli(Math.round(m.startedAt() * 1000))));
        String duration = Units.fixed2(Math.round(m.durationMs(nowSeconds) / 10.0)) + "s";
        SessionView.Status s = status != null ? status
                : m.finished() ? SessionView.Status.ENDED : SessionView.Status.RUNNING;
        row(sb, ansi, width, "Duration:", s == SessionView.Status.ENDED ? duration : duration + " (" + s.word() + ")");
        if (counted != null) {
            row(sb, ansi, width, "Tool calls:", Long.toString(counted.toolCalls()));
            row(sb, ansi, width, "LLM turns:", Long.toString(counted.turns()));
            if (counted.tokens() > 0) {
                row(sb, ansi, width, "Tokens:", Units.count(counted.tokens()));
            }
            row(sb, ansi, width, "Errors:", Long.toString(counted.errors()));
        }
        sb.append(ansi.gray(rule)).append('\n');
        return sb.toString();
    }

    /** The line that closes a replay: what the timeline showed, counted by the session model. */
    static String totals(Summary s, Ansi ansi, int width) {
        Line line = new Line().plain("  " + Plural.count(s.events(), "event") + ", " + Plural.count(s.toolCalls(), "tool call")
                + ", " + Plural.count(s.turns(), "LLM turn"));
        if (s.tokens() > 0) {
            line.plain(", " + Plural.count(s.tokens(), "token"));
        }
        if (s.errors() > 0) {
            line.plain(", ").add(Ansi.RED, Plural.count(s.errors(), "error"));
        } else {
            line.plain(", no errors");
        }
        if (s.interrupted() > 0) {
            line.plain(", ").add(Ansi.YELLOW, s.interrupted() + " interrupted");
        }
        if (s.pending() > 0) {
            line.plain(", ").add(Ansi.YELLOW, s.pending() + " pending");
        }
        return line.render(ansi, width) + "\n";
    }

    private static void row(StringBuilder sb, Ansi ansi, int width, String label, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        String padded = label + "           ".substring(Math.min(11, label.length()));
        sb.append(new Line().plain("  " + padded + " ").plain(value).render(ansi, width)).append('\n');
    }
}
