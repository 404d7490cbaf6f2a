package io.github.agentstrace.mcpserver;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.SessionView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code list_sessions}: the top-level sessions, most recently started first, each with its headline facts
 * and its subagent sessions. The filters on time and agent come from {@code meta.json}; the counts, and so
 * {@code errors_only}, from reading each session through the session model, one page at a time.
 */
final class ListSessionsTool implements Tool {
    private static final String OUTPUT = """
            {
              "type": "object",
              "properties": {
                "trace_dir": {"type": "string"},
                "sessions": {
                  "type": "array",
                  "description": "most recently started first",
                  "items": {
                    "type": "object",
                    "properties": {
                      "$headline": {},
                      "started_at": {"type": "string", "description": "ISO-8601, UTC"},
                      "subagents": {"type": "array", "items": {"type": "string"}, "description": "its subagent session ids, depth first (the first 50; subagent_sessions counts them all)"}
                    },
                    "required": ["$headline_required", "started_at", "subagents"]
                  }
                },
                "next_cursor": {"type": ["string", "null"], "description": "pass it as cursor for the next page; null after the last"}
              },
              "required": ["trace_dir", "sessions", "next_cursor"]
            }
            """;

    @Override
    public String name() {
        return "list_sessions";
    }

    @Override
    public String title() {
        return "List recorded sessions";
    }

    @Override
    public String description() {
        return "The agent sessions recorded in the trace directory, most recently started first, with who ran them,"
                + " when, how long, tool calls, errors, LLM turns, tokens and cost. Subagent sessions are listed under"
                + " the session that started them. Filter by start time, agent, or sessions with errors; paged.";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.since(),
                Param.string("agent", "Only sessions whose agent name contains this (case does not matter), e.g."
                        + " claude-code."),
                Param.bool("errors_only", "Only sessions with at least one failure (default false)."),
                Param.limit(20, 100),
                Param.cursor());
    }

    @Override
    public Map<String, Object> outputSchema() {
        return Schemas.parse(OUTPUT);
    }

    @Override
    public Output call(Arguments args, Traces traces) throws BadArgument {
        String since = args.string("since");
        String agent = args.string("agent");
        boolean errorsOnly = args.flag("errors_only");
        long limit = args.integer("limit");
        double from = since == null ? Double.NEGATIVE_INFINITY : SessionFacts.since(since, traces.clock().instant());
        String query = since + "|" + agent + "|" + errorsOnly;
        long start = Cursor.decode(args.string("cursor"), name(), query, 0);

        Reading reading = traces.reading();
        List<SessionMeta> candidates = new ArrayList<>();
        for (SessionMeta m : SessionFacts.topLevel(reading.tree())) {
            if (m.startedAt() >= from && (agent == null
                    || m.agentName().toLowerCase(Locale.ROOT).contains(agent.toLowerCase(Locale.ROOT)))) {
                candidates.add(m);
            }
        }
        List<Object> sessions = new ArrayList<>();
        PageBudget budget = new PageBudget();
        long next = candidates.size();
        for (long i = start; i < candidates.size(); i++) {
            if (sessions.size() == limit) {
                next = i;
                break;
            }
            SessionView view = reading.read(candidates.get((int) i).sessionId(), true, false, SessionListener.NONE);
            if (errorsOnly && view.tree().errors() == 0) {
                continue;
            }
            Map<String, Object> item = SessionFacts.headline(view);
            List<Object> subagents = new ArrayList<>();
            List<SessionView> tree = view.flatten();
            for (SessionView v : tree.subList(1, Math.min(tree.size(), SessionFacts.SUBAGENTS_LISTED + 1))) {
                subagents.add(v.id());
            }
            item.put("subagents", subagents);
            Map<String, Object> taken = budget.take(item);
            if (taken == null) {
                next = i;
                break;
            }
            sessions.add(taken);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("trace_dir", traces.store().root().toString());
        out.put("sessions", sessions);
        out.put("next_cursor", next < candidates.size() ? Cursor.encode(name(), query, next) : null);
        return new Output(out, null);
    }
}
