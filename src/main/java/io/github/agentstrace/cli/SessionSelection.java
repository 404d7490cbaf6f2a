package io.github.agentstrace.cli;

import io.github.agentstrace.analysis.Selection;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.session.SessionTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * The sessions a command over several sessions works on ({@code audit}, {@code policy suggest}): the ids
 * given (each an id or a unique prefix), else every top-level session with {@code --all}, or those started
 * since a time with {@code --since}, else the latest. Subagent sessions come with their parent: the
 * commands read each session's tree.
 */
final class SessionSelection {
    /** The options that select sessions, for a command's option list. */
    static List<Opt> options() {
        return List.of(
                Opt.flag("--all", "every session"),
                Opt.value("--since", "WHEN", "sessions started since then: a date (2026-11-24), a time (2026-11-24T10:00:00Z) or an age (90m, 24h, 7d)"));
    }

    private SessionSelection() {
    }

    /** The ids of the sessions selected, oldest first; an empty selection is a data error naming the directory. */
    static List<String> resolve(Args args, Context ctx, SessionTree tree, Consumer<String> warn) throws UsageException {
        return resolve(args.sessionIds(), args, ctx, tree, warn);
    }

    /** As {@link #resolve(Args, Context, SessionTree, Consumer)}, with the ids given apart (after a subcommand). */
    static List<String> resolve(List<String> given, Args args, Context ctx, SessionTree tree, Consumer<String> warn)
            throws UsageException {
        for (String p : given) {
            if (p.isBlank()) {
                throw new UsageException("empty session id (give an id or a unique prefix, or none for the latest session)");
            }
        }
        boolean all = args.flag("--all");
        String since = args.value("--since");
        if ((all ? 1 : 0) + (since != null ? 1 : 0) + (given.isEmpty() ? 0 : 1) > 1) {
            throw new UsageException("give session ids, --all or --since, not more than one of them");
        }
        if (!given.isEmpty()) {
            LinkedHashSet<String> ids = new LinkedHashSet<>();
            for (String p : given) {
                ids.add(ctx.store().resolve(p, warn));
            }
            return List.copyOf(ids);
        }
        if (!all && since == null) {
            return List.of(ctx.store().resolve(null, warn));
        }
        double from = since == null ? Double.NEGATIVE_INFINITY : since(since, ctx.clock().instant());
        List<String> ids = new ArrayList<>();
        List<SessionMeta> newestFirst = tree.all();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            SessionMeta m = newestFirst.get(i);
            boolean top = m.parentSessionId().isEmpty() || m.parentSessionId().equals(m.sessionId())
                    || !tree.exists(m.parentSessionId());
            if (top && m.startedAt() >= from) {
                ids.add(m.sessionId());
            }
        }
        if (ids.isEmpty()) {
            throw new DataException(since == null ? "No sessions found in " + ctx.store().root()
                    : "No sessions started since " + since + " in " + ctx.store().root());
        }
        return ids;
    }

    /**
     * A {@code --since} value as epoch seconds: a date ({@code 2026-11-24}, midnight UTC), a time
     * ({@code 2026-11-24T10:00:00Z}; without a zone, UTC) or an age before now ({@code 90m}, {@code 24h},
     * {@code 7d}, {@code 2w}).
     */
    static double since(String value, Instant now) throws UsageException {
        try {
            return Selection.parseTime(value, now, false);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid --since '" + value + "' (use a date such as 2026-11-24, a time such as "
                    + "2026-11-24T10:00:00Z, or an age such as 90m, 24h or 7d)");
        }
    }
}
