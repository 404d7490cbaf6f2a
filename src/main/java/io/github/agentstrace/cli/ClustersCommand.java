package io.github.agentstrace.cli;

import io.github.agentstrace.analysis.Clusters;
import io.github.agentstrace.analysis.Selection;
import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.term.TerminalWidth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@code clusters}: the selected sessions (or their prompt phases) grouped by what they did, failures first. */
final class ClustersCommand implements Command {
    @Override
    public String name() {
        return "clusters";
    }

    @Override
    public String summary() {
        return "Group sessions by execution pattern: which patterns fail, how often, what they cost";
    }

    @Override
    public String synopsis() {
        return "clusters [--by session|phase] [--fuzzy K] [--limit N] [--json] [--prices FILE] [--all] [--since WHEN]"
                + " [--until WHEN] [--agent NAME] [--project DIR] [--flat]";
    }

    @Override
    public String details() {
        return """
                A signature is the calls in call order, named by tool (MCP tools as server/tool, shell calls as
                Bash:<program>, e.g. Bash:pytest), runs collapsed (Read×3). Sessions with the same signature form a
                cluster; --fuzzy K also merges signatures within K token edits. Per cluster: size, failures (a
                session failed when its last phase did: its last call to finish failed), median duration, tokens
                and cost, a sample, the common prefix of its failing members, the calls that failed most. With
                --by phase each prompt phase is clustered instead. Subagents' calls are not in their parent's
                signature (the call that started them is); their tokens and cost are.

                """ + SelectionOptions.HELP;
    }

    @Override
    public List<Opt> options() {
        List<Opt> opts = new ArrayList<>(List.of(
                Opt.value("--by", "WHAT", "session (default) or phase"),
                Opt.value("--fuzzy", "K", "also merge signatures within K edits (default 0: identical only)"),
                Opt.value("--limit", "N", "show the N clusters with the most failures", "-n"),
                Opt.flag("--json", "print the clusters as JSON"),
                Opt.value("--prices", "FILE", "your prices, merged over the built-in table (see cost --help)")));
        opts.addAll(SelectionOptions.options());
        return opts;
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        args.positionals(0);
        String by = args.value("--by", "session");
        if (!by.equals("session") && !by.equals("phase")) {
            throw new UsageException("invalid --by '" + by + "' (use session or phase)");
        }
        boolean byPhase = by.equals("phase");
        int fuzzy = args.intValue("--fuzzy", 0, 0, 1000);
        int limit = args.intValue("--limit", 0, 1, Integer.MAX_VALUE);
        Consumer<String> warn = w -> ctx.err().println("agent-strace clusters: " + w);
        PriceTable prices = ctx.prices(args.value("--prices"));
        Selection selection = SelectionOptions.of(args, ctx, warn);
        Map<Selection.Dir, Reading> readings = new HashMap<>();
        List<Selection.Dir> dirs = selection.dirs();
        for (Selection.Dir d : dirs) {
            readings.put(d, ctx.reading(d.store(), prices, warn));
        }
        List<Selection.Item> items = selection.items(dirs, d -> readings.get(d).tree());
        List<Clusters.Item> clustered = new ArrayList<>();
        Clusters.Collector collector = new Clusters.Collector();
        boolean flat = selection.filter().flat();
        for (Selection.Item item : items) {
            SessionView view = readings.get(item.dir()).read(item.id(), !flat, true, collector);
            clustered.addAll(collector.items(view, byPhase));
        }
        Clusters clusters = Clusters.of(clustered, byPhase, fuzzy);
        if (args.flag("--json")) {
            ctx.out().println(Json.writePretty(clusters.toJson(limit)));
        } else {
            ctx.out().print(clusters.text(ctx.ansi(), TerminalWidth.resolve(ctx.env(), ctx.stdoutIsTerminal()), limit));
        }
        return ExitCode.OK.code();
    }
}
