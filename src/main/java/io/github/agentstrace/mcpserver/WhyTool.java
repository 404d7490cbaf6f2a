package io.github.agentstrace.mcpserver;

import io.github.agentstrace.analysis.CausalChain;
import io.github.agentstrace.session.Reading;
import java.util.List;
import java.util.Map;

/** {@code why}: the chain of causes that led to one event, as {@code agent-strace why} gives it. */
final class WhyTool implements Tool {
    private static final String OUTPUT = """
            {
              "type": "object",
              "properties": {
                "session_id": {"type": "string"},
                "target": {
                  "type": "object",
                  "properties": {
                    "session_id": {"type": "string"},
                    "event": {"type": "integer"},
                    "event_id": {"type": ["string", "null"]}
                  },
                  "required": ["session_id", "event"]
                },
                "chain": {
                  "type": "array",
                  "description": "root first, the event asked about last",
                  "items": {
                    "type": "object",
                    "properties": {
                      "session_id": {"type": "string"},
                      "event": {"type": "integer"},
                      "event_id": {"type": ["string", "null"]},
                      "type": {"type": "string"},
                      "tool": {"type": ["string", "null"]},
                      "text": {"type": "string"},
                      "leads_to_next_because": {"type": ["string", "null"]}
                    },
                    "required": ["session_id", "event", "type", "text"]
                  }
                }
              },
              "required": ["session_id", "target", "chain"]
            }
            """;

    @Override
    public String name() {
        return "why";
    }

    @Override
    public String title() {
        return "Why did an event happen";
    }

    @Override
    public String description() {
        return "The chain of causes that led to one event of a session, from its root to the event: the call a"
                + " result answers, the failure a call retries, the read before a write to the same file, an"
                + " earlier result that mentioned what the call uses, the prompt that asked for it, the call that"
                + " started a subagent. Event numbers are those get_session and explain show. The same as"
                + " `agent-strace why`.";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.sessionId(),
                Param.event("event", "The event: its number in the session (1 is the first) or its event_id."));
    }

    @Override
    public Map<String, Object> outputSchema() {
        return Schemas.parse(OUTPUT);
    }

    @Override
    public Output call(Arguments args, Traces traces) {
        String id = traces.resolve(args.string("session_id"));
        Reading reading = traces.reading();
        CausalChain chain = CausalChain.of(traces.store(), reading.tree(), traces.prices(), id, args.string("event"),
                traces.warnings());
        return new Output(chain.toJson(), chain.text(PLAIN, WIDTH));
    }
}
