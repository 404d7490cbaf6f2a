package io.github.agentstrace.cli;

import io.github.agentstrace.analysis.SearchRun;
import io.github.agentstrace.analysis.SearchQuery;
import io.github.agentstrace.analysis.Selection;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.session.SessionTree;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.TerminalWidth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** {@code search QUERY}: the events of the selected sessions that match a query, one line each, as found. */
final class SearchCommand implements Command {
    /** Sessions scanned at once: a scan is CPU-bound, and the hits still come in session order. */
    private static final int THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

    @Override
    public String name() {
        return "search";
    }

    @Override
    public String summary() {
        return "Find events across sessions (words, \"phrases\", OR, -not, tool: type: file: model: session:)";
    }

    @Override
    public String synopsis() {
        return "search QUERY... [--limit N] [--json] [--count] [--all] [--since WHEN] [--until WHEN]"
                + " [--agent NAME] [--project DIR] [--flat]";
    }

    @Override
    public String details() {
        return """
                The query's words are joined by spaces (after --, every word is the query's, options too). All
                terms must match (AND); a OR b matches either; -term excludes; "quoted words" are a phrase. Words
                and phrases are found, without case, in the event's values (what is stored: redacted content
                only). Fields:
                  tool:Bash  tool:github/create_issue  tool:mcp__github*   the tool the event names itself
                  type:error                                             the event type
                  file:src/auth                                          a path the event names contains it
                  model:sonnet                                           data.model contains it
                  session:3b9e                                           the session (or its parent) id starts so
                Each hit: session, UTC time, event number (as replay --numbers shows it), type, tool, and the text
                around the match. Sessions newest first, each followed by its subagents; hits stream as found.
                Examples: agent-strace search pytest type:tool_result --all
                          agent-strace search '"permission denied" OR EACCES -tool:Read' --since 7d

                """ + SelectionOptions.HELP;
    }

    @Override
    public boolean takesDashedWords() {
        return true; // -word excludes a word
    }

    @Override
    public List<Opt> options() {
        List<Opt> opts = new ArrayList<>(List.of(
                Opt.value("--limit", "N", "stop after N hits", "-n"),
                Opt.flag("--json", "one JSON object per hit (NDJSON)"),
                Opt.flag("--count", "print only the number of hits")));
        opts.addAll(SelectionOptions.options());
        return opts;
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        List<String> words = new ArrayList<>(args.positionals());
        words.addAll(args.rest()); // after --, everything is the query
        if (words.isEmpty()) {
            throw new UsageException("missing QUERY (for example: agent-strace search pytest tool:Bash)");
        }
        SearchQuery query;
        try {
            query = SearchQuery.parse(String.join(" ", words));
        } catch (SearchQuery.InvalidQuery e) {
            throw new UsageException("invalid query: " + e.getMessage());
        }
        int limit = args.intValue("--limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        boolean json = args.flag("--json");
        boolean count = args.flag("--count");
        if (json && count) {
            throw new UsageException("--json and --count cannot be combined (choose one)");
        }
        Consumer<String> warn = w -> ctx.err().println("agent-strace search: " + w);
        Selection selection = SelectionOptions.of(args, ctx, warn);
        List<Selection.Dir> dirs = selection.dirs();
        List<Selection.Item> items = selection.items(dirs, d -> new SessionTree(d.store(), warn));
        Ansi ansi = ctx.ansi();
        int width = TerminalWidth.resolve(ctx.env(), ctx.stdoutIsTerminal());
        boolean flush = ctx.stdoutIsTerminal();
        List<SearchRun.Target> targets = SearchRun.Target.of(items);
        long[] hits = {0};
        try {
            SearchRun.run(query, targets, THREADS, !count, hit -> {
                hits[0]++;
                if (json) {
                    ctx.out().println(Json.write(hit.toJson()));
                } else if (!count) {
                    ctx.out().println(hit.text(ansi, width));
                }
                if (flush) {
                    ctx.out().flush(); // a person watches hits arrive; a pipe gets them in blocks
                }
                return hits[0] < limit;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return done(ctx, count, hits[0]);
    }

    private static int done(Context ctx, boolean count, long hits) {
        if (count) {
            ctx.out().println(hits);
        }
        return ExitCode.OK.code();
    }
}
