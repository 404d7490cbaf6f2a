package io.github.agentstrace.cli;

import io.github.agentstrace.analysis.CostReport;
import io.github.agentstrace.analysis.Selection;
import io.github.agentstrace.analysis.UsageReport;
import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.term.TerminalWidth;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

/** {@code report}: usage tables over the selected sessions, per day, week, month, session, model, project or agent. */
final class ReportCommand implements Command {
    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "Usage tables across sessions: per day, week, month, session, model, project or agent";
    }

    @Override
    public String synopsis() {
        return "report [--by day|week|month|session|model|project|branch|agent] [--breakdown] [--json] [--prices FILE]"
                + " [--model M] [--all] [--since WHEN] [--until WHEN] [--agent NAME] [--project DIR] [--flat]";
    }

    @Override
    public String details() {
        return """
                Columns: sessions, prompts, tool calls, errors, LLM turns, tokens (input, output, cache write,
                cache read, total) and cost, with a total row; narrow terminals lose the cache, input/output,
                prompts and turns columns first. Days, weeks (ISO, Monday first) and months are those of the
                session's start, in UTC. Every figure is the one stats and cost show for the session (with its
                subagents unless --flat). Cost marked * leaves out turns of models the price table does not know;
                sessions that recorded no token usage get cost's estimate in an Estimate column, never added to
                Tokens or Cost. --breakdown adds a row per model under each row (not with --by model, whose
                prompts, calls and errors are blank: they belong to no model). A session that recorded its
                git work tree (provenance.json) counts under that project and its branch; others under their
                trace directory's project and "(no git)".

                """ + SelectionOptions.HELP;
    }

    @Override
    public List<Opt> options() {
        List<Opt> opts = new ArrayList<>(List.of(
                Opt.value("--by", "WHAT", "rows: day (default), week, month, session, model, project, branch, agent"),
                Opt.flag("--breakdown", "a row per model under each row"),
                Opt.flag("--json", "print the report as JSON"),
                Opt.value("--prices", "FILE", "your prices, merged over the built-in table (see cost --help)"),
                Opt.value("--model", "M", "model used to price estimates (default " + CostReport.DEFAULT_ESTIMATE_MODEL
                        + ")")));
        opts.addAll(SelectionOptions.options());
        return opts;
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        args.positionals(0);
        String word = args.value("--by", "day");
        UsageReport.By by = UsageReport.By.of(word);
        if (by == null) {
            StringJoiner choices = new StringJoiner(", ");
            for (UsageReport.By b : UsageReport.By.values()) {
                choices.add(b.word());
            }
            throw new UsageException("invalid --by '" + word + "' (use " + choices + ")");
        }
        boolean breakdown = args.flag("--breakdown");
        if (breakdown && by == UsageReport.By.MODEL) {
            throw new UsageException("--breakdown splits rows per model; with --by model they are models already");
        }
        String estimateModel = args.value("--model", CostReport.DEFAULT_ESTIMATE_MODEL);
        Consumer<String> warn = w -> ctx.err().println("agent-strace report: " + w);
        PriceTable prices = ctx.prices(args.value("--prices"));
        Selection selection = SelectionOptions.of(args, ctx, warn);
        List<Selection.Dir> dirs = selection.dirs();
        Map<Selection.Dir, Reading> readings = new HashMap<>();
        for (Selection.Dir d : dirs) {
            readings.put(d, ctx.reading(d.store(), prices, warn));
        }
        Path home = ctx.home();
        boolean flat = selection.filter().flat();
        List<UsageReport.Entry> entries = new ArrayList<>();
        for (Selection.Item item : selection.items(dirs, d -> readings.get(d).tree())) {
            entries.add(UsageReport.Entry.of(item, readings.get(item.dir()), flat, estimateModel, home));
        }
        UsageReport report = UsageReport.of(entries, by, breakdown, prices.asOf(), estimateModel);
        if (args.flag("--json")) {
            ctx.out().println(Json.writePretty(report.toJson()));
        } else {
            ctx.out().print(report.text(ctx.ansi(), TerminalWidth.resolve(ctx.env(), ctx.stdoutIsTerminal())));
        }
        return ExitCode.OK.code();
    }
}
