package io.github.agentstrace.mcpserver;

import io.github.agentstrace.analysis.Search;
import io.github.agentstrace.analysis.SearchQuery;
import io.github.agentstrace.analysis.SearchRun;
import io.github.agentstrace.analysis.Selection;
import io.github.agentstrace.session.SessionTree;
import io.github.agentstrace.store.TraceDirRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code search}: the events of the trace directory's sessions that match a query, as {@code search --json}
 * gives them (newest session first, each followed by its subagents; within a session in event order), paged
 * with a cursor. The query language is the command's ({@link SearchQuery}).
 */
final class SearchTool implements Tool {
    private static final String OUTPUT = """
            {
              "type": "object",
              "properties": {
                "hits": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "session_id": {"type": "string"},
                      "trace_dir": {"type": "string"},
                      "event": {"type": "integer", "description": "the event's number in its session (for why and get_session)"},
                      "timestamp": {"type": "number"},
                      "time": {"type": "string", "description": "ISO-8601, UTC"},
                      "type": {"type": "string"},
                      "tool": {"type": ["string", "null"]},
                      "snippet": {"type": "string", "description": "the text around the match"},
                      "match": {"type": "array", "items": {"type": "integer"}, "description": "where the match is in the snippet"}
                    },
                    "required": ["session_id", "event", "time", "type", "tool", "snippet"]
                  }
                },
                "next_cursor": {"type": ["string", "null"], "description": "pass it as cursor for the next page; null after the last"}
              },
              "required": ["hits", "next_cursor"]
            }
            """;

    @Override
    public String name() {
        return "search";
    }

    @Override
    public String title() {
        return "Search events";
    }

    @Override
    public String description() {
        return "Find events across the recorded sessions. All terms must match; a OR b; -term excludes; \"quoted"
                + " phrase\"; fields tool:Bash, type:error, file:src/auth, model:sonnet, session:3b9e. Each hit gives"
                + " its session and event number (for why and get_session) and the text around the match. Use it"
                + " for \"when did pytest last fail?\" or \"which sessions touched src/auth?\".";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.requiredString("query", "What to find, e.g. 'pytest type:error' or '\"permission denied\" OR EACCES'."),
                Param.since(),
                Param.string("agent", "Only sessions of this agent (claude-code, a proxy's --name, ...)."),
                Param.limit(20, 100),
                Param.cursor());
    }

    @Override
    public Map<String, Object> outputSchema() {
        return Schemas.parse(OUTPUT);
    }

    @Override
    public Output call(Arguments args, Traces traces) throws BadArgument {
        String text = args.string("query");
        SearchQuery query;
        try {
            query = SearchQuery.parse(text);
        } catch (SearchQuery.InvalidQuery e) {
            throw new BadArgument("invalid query: " + e.getMessage());
        }
        String since = args.string("since");
        String agent = args.string("agent");
        long limit = args.integer("limit");
        String key = text + "|" + since + "|" + agent;
        long start = Cursor.decode(args.string("cursor"), name(), key, 0);
        Selection selection = selection(traces, since, agent);
        List<Selection.Dir> dirs = selection.dirs();
        List<SearchRun.Target> targets = SearchRun.Target.of(
                selection.items(dirs, d -> new SessionTree(d.store(), traces.warnings())));
        List<Object> hits = new ArrayList<>();
        StringBuilder rendered = new StringBuilder();
        PageBudget budget = new PageBudget();
        long[] seen = {0};
        boolean[] more = {false};
        try {
            SearchRun.run(query, targets, 1, hit -> {
                if (seen[0]++ < start) {
                    return true;
                }
                Map<String, Object> taken = hits.size() < limit ? budget.take(hit.toJson()) : null;
                if (taken == null) {
                    more[0] = true;
                    return false;
                }
                hits.add(taken);
                rendered.append(hit.text(PLAIN, WIDTH)).append('\n');
                return true;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hits", hits);
        out.put("next_cursor", more[0] ? Cursor.encode(name(), key, start + hits.size()) : null);
        String page = hits.isEmpty() ? "No events match." : rendered.toString().stripTrailing();
        return new Output(out, more[0] ? page + "\n(more: pass next_cursor)" : page);
    }

    /** The one trace directory of the server, filtered by start time and agent as the commands filter. */
    static Selection selection(Traces traces, String since, String agent) throws BadArgument {
        double from = since == null ? Double.NaN : SessionFacts.since(since, traces.clock().instant());
        Selection.Filter filter = new Selection.Filter(false, from, Double.NaN, agent, null, false);
        return new Selection(filter, traces.store().root().toAbsolutePath(), TraceDirRegistry.NONE, traces.warnings());
    }
}
