package io.github.agentstrace.mcpserver;

import io.github.agentstrace.analysis.Explanation;
import io.github.agentstrace.analysis.Selection;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.session.SessionTree;
import io.github.agentstrace.session.SessionView;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What several tools say about a session, said once: its headline with its start time, ages and dates. */
final class SessionFacts {
    /** Most subagent sessions listed with a session (its headline counts them all). */
    static final int SUBAGENTS_LISTED = 50;

    private SessionFacts() {
    }

    /** {@code explain}'s headline of the session, then when it started (ISO-8601, UTC). */
    static Map<String, Object> headline(SessionView view) {
        Map<String, Object> m = new LinkedHashMap<>(Explanation.of(view).headline());
        m.put("started_at", iso(view.meta().startedAt()));
        return m;
    }

    /** Epoch seconds as ISO-8601 UTC with milliseconds. */
    static String iso(double epochSeconds) {
        return Instant.ofEpochMilli(Math.round(epochSeconds * 1000)).toString();
    }

    /** Top-level sessions, most recently started first: those without a parent in the directory. */
    static List<SessionMeta> topLevel(SessionTree tree) {
        return tree.all().stream().filter(m -> m.parentSessionId().isEmpty()
                || m.parentSessionId().equals(m.sessionId()) || !tree.exists(m.parentSessionId())).toList();
    }

    /**
     * A {@code since} argument as epoch seconds: a date ({@code 2026-11-24}, midnight UTC), a time
     * ({@code 2026-11-24T10:00:00Z}, or without zone: UTC), or an age before now ({@code 90m}, {@code 24h},
     * {@code 7d}, {@code 2w}).
     */
    static double since(String value, Instant now) throws BadArgument {
        try {
            return Selection.parseTime(value, now, false);
        } catch (IllegalArgumentException e) {
            throw new BadArgument("argument 'since' must be a date (2026-11-24), a time (2026-11-24T10:00:00Z)"
                    + " or an age such as 90m, 24h or 7d, got \"" + value + "\"");
        }
    }
}
