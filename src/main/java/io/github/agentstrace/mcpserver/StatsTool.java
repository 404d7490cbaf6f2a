package io.github.agentstrace.mcpserver;

import io.github.agentstrace.replay.Stats;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code stats}: per-tool calls, errors and durations, and the failures, as {@code agent-strace stats} prints them. */
final class StatsTool implements Tool {
    private static final String OUTPUT = """
            {
              "type": "object",
              "properties": {
                "session": {"type": "object", "description": "the session's meta.json"},
                "status": {"type": "string"},
                "sessions": {"type": "array", "items": {"type": "string"}},
                "totals": {
                  "type": "object",
                  "properties": {
                    "events": {"type": "integer"},
                    "tool_calls": {"type": "integer"},
                    "errors": {"type": "integer"},
                    "retries": {"type": "integer"},
                    "tokens": {"type": "integer"},
                    "cost_usd": {"type": "number"},
                    "span_ms": {"type": ["number", "null"]},
                    "active_ms": {"type": ["number", "null"]}
                  },
                  "required": ["events", "tool_calls", "errors"]
                },
                "tools": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "name": {"type": "string"},
                      "calls": {"type": "integer"},
                      "errors": {"type": "integer"},
                      "timed": {"type": "integer"},
                      "total_ms": {"type": ["number", "null"]},
                      "avg_ms": {"type": ["number", "null"]},
                      "p50_ms": {"type": ["number", "null"]},
                      "p95_ms": {"type": ["number", "null"]},
                      "max_ms": {"type": ["number", "null"]}
                    },
                    "required": ["name", "calls", "errors"]
                  }
                },
                "errors": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "timestamp": {"type": "number"},
                      "session_id": {"type": ["string", "null"]},
                      "event": {"type": "integer"},
                      "tool_name": {"type": ["string", "null"]},
                      "message": {"type": ["string", "null"]}
                    }
                  }
                },
                "errors_omitted": {"type": "integer"}
              },
              "required": ["session", "status", "sessions", "totals", "tools", "errors"]
            }
            """;
    private static final List<String> SORTS = List.of("calls", "time", "errors", "name");

    @Override
    public String name() {
        return "stats";
    }

    @Override
    public String title() {
        return "Session statistics";
    }

    @Override
    public String description() {
        return "Numbers of a session: events, tool calls, errors, retries, tokens, cost and active time, then per"
                + " tool the calls, errors and total/avg/p50/p95/max durations, then every failure with its message."
                + " The same as `agent-strace stats`.";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.sessionId(),
                Param.bool("include_subagents", "Count the session's subagent sessions in (default false)."),
                Param.choice("sort", "Order of the tools: most calls, most time, most errors, or by name.", "calls",
                        SORTS));
    }

    @Override
    public Map<String, Object> outputSchema() {
        return Schemas.parse(OUTPUT);
    }

    @Override
    public Output call(Arguments args, Traces traces) {
        String id = traces.resolve(args.string("session_id"));
        boolean subagents = args.flag("include_subagents");
        Stats.Sort sort = Stats.Sort.parse(args.string("sort").toUpperCase(Locale.ROOT));
        Stats.Report report = new Stats(traces.reading()).report(id, subagents, sort, PLAIN, WIDTH, traces.nowSeconds());
        return new Output(report.json(), report.text());
    }
}
