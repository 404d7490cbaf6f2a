package io.github.agentstrace.cli;

import io.github.agentstrace.analysis.Selection;
import io.github.agentstrace.store.TraceDirRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The options that choose sessions for {@code list}, {@code search}, {@code clusters} and {@code report}, read
 * into one {@link Selection} (where their meaning is defined).
 */
final class SelectionOptions {
    static final String HELP = """
            Which sessions: the trace directory's, or with --all those of every trace directory this user has
            recorded into (a registry in $XDG_CONFIG_HOME/agent-strace/trace-dirs, else
            ~/.config/agent-strace/trace-dirs, added to when a session is created). --since and --until take
            30m, 12h, 7d, 2w, a UTC date (2026-11-01; --until includes that day) or 2026-11-01T14:30, and
            compare the session's start. Subagent sessions count with their parent (the filters judge the
            parent) unless --flat.""";

    private SelectionOptions() {
    }

    static List<Opt> options() {
        return List.of(
                Opt.flag("--all", "every registered trace directory, not only this one"),
                Opt.value("--since", "WHEN", "sessions started at or after WHEN (7d, 2026-11-01, ...)"),
                Opt.value("--until", "WHEN", "sessions started before WHEN (a date: up to its end)"),
                Opt.value("--agent", "NAME", "sessions of this agent (claude-code also matches claude-code/*)"),
                Opt.value("--project", "DIR", "sessions recorded for the project DIR or below it (implies --all)"),
                Opt.flag("--flat", "every session on its own, subagents too"));
    }

    /** The selection the options ask for; a bad value is a usage error naming it. */
    static Selection of(Args args, Context ctx, Consumer<String> warnings) throws UsageException {
        double since = time(args, "--since", ctx, false);
        double until = time(args, "--until", ctx, true);
        if (!Double.isNaN(since) && !Double.isNaN(until) && since >= until) {
            throw new UsageException("--since " + args.value("--since") + " is not before --until "
                    + args.value("--until"));
        }
        String agent = args.value("--agent");
        if (agent != null && agent.isBlank()) {
            throw new UsageException("option --agent needs a name, got an empty one");
        }
        String project = args.value("--project");
        if (project != null && project.isBlank()) {
            throw new UsageException("option --project needs a directory, got an empty one");
        }
        Path projectDir = project == null ? null : ctx.cwd().resolve(project).toAbsolutePath().normalize();
        Selection.Filter filter = new Selection.Filter(args.flag("--all"), since, until, agent, projectDir,
                args.flag("--flat"));
        return new Selection(filter, ctx.traceDir().toAbsolutePath().normalize(), TraceDirRegistry.of(ctx.env()),
                warnings);
    }

    private static double time(Args args, String option, Context ctx, boolean end) throws UsageException {
        String v = args.value(option);
        if (v == null) {
            return Double.NaN;
        }
        try {
            return Selection.parseTime(v, ctx.clock().instant(), end);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid " + option + ": " + e.getMessage());
        }
    }
}
