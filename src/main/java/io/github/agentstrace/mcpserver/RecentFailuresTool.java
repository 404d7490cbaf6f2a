package io.github.agentstrace.mcpserver;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code recent_failures}: what failed lately, newest session first and, within a session (with its
 * subagents), latest failure first, each with its text. The failures are the session model's: failed calls,
 * failed LLM turns and errors that answer nothing, each once.
 */
final class RecentFailuresTool implements Tool {
    private static final String OUTPUT = """
            {
              "type": "object",
              "properties": {
                "failures": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "session_id": {"type": "string"},
                      "event": {"type": "integer", "description": "the event's number in its session (0: an answer whose call was not recorded)"},
                      "time": {"type": "string", "description": "ISO-8601, UTC"},
                      "tool": {"type": ["string", "null"]},
                      "label": {"type": ["string", "null"], "description": "a short tag: exit 3, error, ..."},
                      "message": {"type": "string"}
                    },
                    "required": ["session_id", "event", "time", "tool", "label", "message"]
                  }
                },
                "sessions_scanned": {"type": "integer"},
                "failures_omitted": {"type": "integer", "description": "failures beyond the first 200 of a session, not listed"},
                "next_cursor": {"type": ["string", "null"], "description": "pass it as cursor for the next page; null after the last"}
              },
              "required": ["failures", "sessions_scanned", "failures_omitted", "next_cursor"]
            }
            """;

    @Override
    public String name() {
        return "recent_failures";
    }

    @Override
    public String title() {
        return "Recent failures";
    }

    @Override
    public String description() {
        return "What failed in the most recent sessions (or in one session, with session_id): failed tool calls,"
                + " non-zero exit codes, failed LLM turns and errors, newest first, each with its session, event"
                + " number (for why and get_session), tool and message. Use it to answer \"what failed in my last"
                + " session, and why?\" together with why.";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.string("session_id", "Only this session (an id or a unique prefix) and its subagents; leave it"
                        + " out to look at the most recent sessions."),
                Param.integer("sessions", "How many of the most recent sessions to look at (default 10).", 10, 1, 100),
                Param.since(),
                Param.limit(20, 100),
                Param.cursor());
    }

    @Override
    public Map<String, Object> outputSchema() {
        return Schemas.parse(OUTPUT);
    }

    @Override
    public Output call(Arguments args, Traces traces) throws BadArgument {
        String given = args.string("session_id");
        String since = args.string("since");
        long sessions = args.integer("sessions");
        long limit = args.integer("limit");
        double from = since == null ? Double.NEGATIVE_INFINITY : SessionFacts.since(since, traces.clock().instant());
        Reading reading = traces.reading();
        List<String> ids = new ArrayList<>();
        if (given != null) {
            ids.add(traces.resolve(given));
        } else {
            for (SessionMeta m : SessionFacts.topLevel(reading.tree())) {
                if (ids.size() < sessions && m.startedAt() >= from) {
                    ids.add(m.sessionId());
                }
            }
        }
        String query = String.join(",", ids) + "|" + since;
        long start = Cursor.decode(args.string("cursor"), name(), query, 0);

        List<Object> failures = new ArrayList<>();
        PageBudget budget = new PageBudget();
        long seen = 0;
        long omitted = 0;
        boolean more = false;
        for (String id : ids) {
            Summary tree = reading.read(id, true, false, SessionListener.NONE).tree();
            omitted += tree.failuresOmitted();
            List<Summary.FailureEntry> latestFirst = new ArrayList<>(tree.failures());
            latestFirst.sort(Comparator.comparingDouble(Summary.FailureEntry::timestamp).reversed());
            for (Summary.FailureEntry f : latestFirst) {
                if (seen++ < start) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("session_id", f.sessionId());
                m.put("event", f.number());
                m.put("time", SessionFacts.iso(f.timestamp()));
                m.put("tool", f.tool());
                m.put("label", f.label());
                m.put("message", f.message());
                Map<String, Object> taken = failures.size() < limit ? budget.take(m) : null;
                if (taken == null) {
                    more = true;
                    break;
                }
                failures.add(taken);
            }
            if (more) {
                break;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("failures", failures);
        out.put("sessions_scanned", ids.size());
        out.put("failures_omitted", omitted);
        out.put("next_cursor", more ? Cursor.encode(name(), query, start + failures.size()) : null);
        return new Output(out, null);
    }
}
