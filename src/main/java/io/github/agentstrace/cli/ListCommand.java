package io.github.agentstrace.cli;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.replay.TerminalWidth;
import io.github.agentstrace.term.Ansi;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@code list}: the captured sessions, most recently started first. */
final class ListCommand implements Command {
    private static final DateTimeFormatter STARTED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Override
    public String name() {
        return "list";
    }

    @Override
    public String summary() {
        return "List captured sessions, newest first";
    }

    @Override
    public String synopsis() {
        return "list [--limit N] [--json]";
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.value("--limit", "N", "show at most N sessions", "-n"),
                Opt.flag("--json", "print the sessions' meta as a JSON array"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        args.positionals(0);
        int limit = args.intValue("--limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        List<SessionMeta> sessions = ctx.store().list(w -> ctx.err().println("agent-strace list: " + w));
        if (sessions.size() > limit) {
            sessions = sessions.subList(0, limit);
        }
        if (args.flag("--json")) {
            List<Map<String, Object>> all = new ArrayList<>();
            sessions.forEach(m -> all.add(m.toJson()));
            ctx.out().println(Json.writePretty(all));
            return ExitCode.OK.code();
        }
        if (sessions.isEmpty()) {
            ctx.out().println("No traces found in " + ctx.traceDir());
            return ExitCode.OK.code();
        }
        Ansi a = ctx.ansi();
        int width = TerminalWidth.resolve(ctx.env(), ctx.stdoutIsTerminal());
        String rule = a.gray("─".repeat(width > 0 ? Math.min(70, width) : 70));
        // Every line is cut to the terminal width (no limit in a pipe unless COLUMNS is set).
        Consumer<String> out = line -> ctx.out().println(TerminalWidth.fit(line, width));
        out.accept("");
        out.accept(a.bold("Captured Sessions"));
        out.accept(rule);
        out.accept("  " + a.dim(String.format("%-18s %-22s %10s %6s %5s %4s", "ID", "Started", "Duration", "Tools", "LLM", "Err")));
        out.accept(rule);
        double now = ctx.nowSeconds();
        for (SessionMeta m : sessions) {
            String duration = m.finished() || m.totalDurationMs() > 0
                    ? String.format("%9.1fs", m.durationMs(now) / 1000.0)
                    : String.format("%10s", "running");
            String err = String.format("%4d", m.errors());
            out.accept("  " + String.format("%-18s %-22s %s %6d %5d ", m.sessionId(),
                    STARTED.format(Instant.ofEpochMilli((long) (m.startedAt() * 1000))), duration, m.toolCalls(),
                    m.llmRequests()) + (m.errors() > 0 ? a.red(err) : a.dim(err)));
        }
        out.accept(rule);
        out.accept("  " + sessions.size() + " session(s)");
        out.accept("");
        return ExitCode.OK.code();
    }
}
