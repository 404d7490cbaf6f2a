package io.github.agentstrace.mcpserver;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.session.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code get_session}: one session's headline facts and its events as stored, a page at a time, numbered as
 * {@code replay --numbers} and {@code why} number them. The page is collected while the session model reads
 * the session for its facts, so one pass serves both and memory holds one page.
 */
final class GetSessionTool implements Tool {
    private static final String OUTPUT = """
            {
              "type": "object",
              "properties": {
                "session": {
                  "type": "object",
                  "properties": {
                    "$headline": {},
                    "started_at": {"type": "string"}
                  },
                  "required": ["$headline_required", "started_at"]
                },
                "subagents": {
                  "type": "array",
                  "description": "the subagent sessions below it, depth first (the first 50; session.subagent_sessions counts them all)",
                  "items": {
                    "type": "object",
                    "properties": {
                      "session_id": {"type": "string"},
                      "agent": {"type": "string"},
                      "depth": {"type": "integer"}
                    },
                    "required": ["session_id", "agent", "depth"]
                  }
                },
                "events_total": {"type": "integer"},
                "events": {
                  "type": "array",
                  "description": "the events as stored in events.ndjson, with their number, the tool they concern and whether they report a failure",
                  "items": {
                    "type": "object",
                    "properties": {
                      "number": {"type": "integer"},
                      "tool": {"type": ["string", "null"]},
                      "failed": {"type": "boolean"},
                      "event_type": {"type": "string"},
                      "timestamp": {"type": "number"},
                      "event_id": {"type": "string"},
                      "parent_id": {"type": "string"},
                      "duration_ms": {"type": "number"},
                      "data": {"type": "object"}
                    },
                    "required": ["number", "tool", "failed", "event_type", "timestamp", "data"]
                  }
                },
                "next_cursor": {"type": ["string", "null"], "description": "pass it as cursor for the next page; null after the last"}
              },
              "required": ["session", "subagents", "events_total", "events", "next_cursor"]
            }
            """;

    @Override
    public String name() {
        return "get_session";
    }

    @Override
    public String title() {
        return "Read a session's events";
    }

    @Override
    public String description() {
        return "One session's headline facts (agent, status, duration, tool calls, errors, tokens, cost), its"
                + " subagent sessions, and its events as recorded (prompts, tool calls and results, errors, LLM turns),"
                + " numbered from 1, a page at a time. Long values are cut with a marker giving their length.";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.sessionId(), Param.limit(50, 200), Param.cursor());
    }

    @Override
    public Map<String, Object> outputSchema() {
        return Schemas.parse(OUTPUT);
    }

    @Override
    public Output call(Arguments args, Traces traces) throws BadArgument {
        String id = traces.resolve(args.string("session_id"));
        long limit = args.integer("limit");
        long from = Cursor.decode(args.string("cursor"), name(), id, 1);
        List<Object> events = new ArrayList<>();
        PageBudget budget = new PageBudget();
        long[] next = {0};
        SessionListener page = new SessionListener() {
            private int depth;

            @Override
            public void begin(SessionMeta meta, int d) {
                depth = d;
            }

            @Override
            public void step(Step s) {
                if (depth != 0 || s.leftover() || s.number() < from || next[0] != 0) {
                    return;
                }
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("number", s.number());
                e.put("tool", s.tool());
                e.put("failed", s.failure().failed());
                e.putAll(s.event().toJson());
                Map<String, Object> taken = events.size() < limit ? budget.take(e) : null;
                if (taken == null) {
                    next[0] = s.number(); // the page is full: the next one starts here
                } else {
                    events.add(taken);
                }
            }
        };
        SessionView view = traces.reading().read(id, true, false, page);
        long total = view.summary().events();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session", SessionFacts.headline(view));
        List<Object> subagents = new ArrayList<>();
        List<SessionView> tree = view.flatten();
        for (SessionView v : tree.subList(1, Math.min(tree.size(), SessionFacts.SUBAGENTS_LISTED + 1))) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("session_id", v.id());
            s.put("agent", v.meta().agentName());
            s.put("depth", v.depth());
            subagents.add(s);
        }
        out.put("subagents", subagents);
        out.put("events_total", total);
        out.put("events", events);
        out.put("next_cursor", next[0] != 0 ? Cursor.encode(name(), id, next[0]) : null);
        return new Output(out, null);
    }
}
