package io.github.agentstrace.mcpserver;

import io.github.agentstrace.analysis.Clusters;
import io.github.agentstrace.analysis.Selection;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.session.SessionView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code clusters}: the recorded sessions (or their phases) grouped by what they did, the same report as
 * {@code clusters --json}, largest group first, with each group's failure rate, cost and the calls that fail
 * most. {@code limit} caps the groups listed; {@code clusters_total} says how many there are.
 */
final class ClustersTool implements Tool {
    private static final String OUTPUT = """
            {
              "type": "object",
              "properties": {
                "by": {"type": "string"},
                "fuzzy": {"type": "integer"},
                "items": {"type": "integer", "description": "sessions (or phases) clustered"},
                "clusters_total": {"type": "integer"},
                "clusters": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "signature": {"type": "array", "items": {"type": "string"}},
                      "signatures": {"type": "integer"},
                      "count": {"type": "integer"},
                      "failed": {"type": "integer"},
                      "failure_rate": {"type": "number"},
                      "median_duration_ms": {"type": ["number", "null"]},
                      "tokens": {"type": "integer"},
                      "cost_usd": {"type": "number"},
                      "sample": {"type": ["string", "null"]},
                      "failing_prefix": {"type": ["array", "null"]},
                      "fails_most": {"type": "array"},
                      "members": {"type": "array", "items": {"type": "string"}}
                    },
                    "required": ["signature", "count", "failed", "failure_rate", "members"]
                  }
                }
              },
              "required": ["by", "fuzzy", "items", "clusters_total", "clusters"]
            }
            """;

    @Override
    public String name() {
        return "clusters";
    }

    @Override
    public String title() {
        return "Cluster sessions";
    }

    @Override
    public String description() {
        return "Group the recorded sessions (by: session) or their prompts' phases (by: phase) by the sequence of"
                + " calls they made, largest group first, each with its failure rate, median duration, tokens, cost,"
                + " members and the calls that fail most. Use it for \"what kinds of runs fail?\" or \"which task"
                + " keeps going wrong the same way?\"; fuzzy joins signatures within that many edits.";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.choice("by", "Cluster whole sessions or their phases.", "session", List.of("session", "phase")),
                Param.integer("fuzzy", "Join signatures within this many edits (default 0: identical).", 0, 0, 1000),
                Param.since(),
                Param.string("agent", "Only sessions of this agent."),
                Param.limit(10, 100));
    }

    @Override
    public Map<String, Object> outputSchema() {
        return Schemas.parse(OUTPUT);
    }

    @Override
    public Output call(Arguments args, Traces traces) throws BadArgument {
        boolean byPhase = "phase".equals(args.string("by"));
        int fuzzy = (int) args.integer("fuzzy");
        int limit = (int) args.integer("limit");
        Selection selection = SearchTool.selection(traces, args.string("since"), args.string("agent"));
        Reading reading = traces.reading();
        List<Selection.Dir> dirs = selection.dirs();
        List<Clusters.Item> items = new ArrayList<>();
        Clusters.Collector collector = new Clusters.Collector();
        for (Selection.Item item : selection.items(dirs, d -> reading.tree())) {
            SessionView view = reading.read(item.id(), true, true, collector);
            items.addAll(collector.items(view, byPhase));
        }
        Clusters clusters = Clusters.of(items, byPhase, fuzzy);
        return new Output(clusters.toJson(limit), clusters.text(PLAIN, WIDTH, limit));
    }
}
