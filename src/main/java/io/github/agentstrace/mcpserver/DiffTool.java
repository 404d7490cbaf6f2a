package io.github.agentstrace.mcpserver;

import io.github.agentstrace.analysis.SessionDiff;
import java.util.List;
import java.util.Map;

/** {@code diff}: two sessions aligned call by call, as {@code agent-strace diff} compares them. */
final class DiffTool implements Tool {
    private static final String SIDE = """
            {
              "type": "object",
              "properties": {
                "session_id": {"type": "string"},
                "agent": {"type": "string"},
                "source": {"type": "string"},
                "duration_ms": {"type": ["number", "null"]},
                "active_ms": {"type": ["number", "null"]},
                "prompts": {"type": "integer"},
                "tool_calls": {"type": "integer"},
                "errors": {"type": "integer"},
                "retries": {"type": "integer"},
                "llm_turns": {"type": "integer"},
                "tokens": {"type": "integer"},
                "cost_usd": {"type": "number"},
                "files_touched": {"type": "integer"}
              },
              "required": ["session_id", "tool_calls", "errors"]
            }
            """;
    private static final String CALL = """
            {
              "type": ["object", "null"],
              "properties": {
                "index": {"type": "integer"},
                "event": {"type": "integer"},
                "tool": {"type": "string"},
                "subject": {"type": "string"},
                "outcome": {"type": "string"}
              }
            }
            """;
    private static final String ONLY = """
            {
              "type": "object",
              "properties": {
                "tools": {"type": "array", "items": {"type": "string"}},
                "files": {"type": "array", "items": {"type": "string"}},
                "commands": {"type": "array", "items": {"type": "string"}}
              }
            }
            """;
    private static final String OUTPUT = """
            {
              "type": "object",
              "properties": {
                "a": $SIDE,
                "b": $SIDE,
                "calls": {
                  "type": "object",
                  "properties": {
                    "aligned": {"type": "boolean"},
                    "common_calls": {"type": ["integer", "null"]},
                    "only_a": {"type": ["integer", "null"]},
                    "only_b": {"type": ["integer", "null"]}
                  }
                },
                "first_divergence": {
                  "type": ["object", "null"],
                  "properties": {"a": $CALL, "b": $CALL}
                },
                "phases": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "a": {"type": ["integer", "null"]},
                      "b": {"type": ["integer", "null"]},
                      "label": {"type": "string"}
                    }
                  }
                },
                "only_in_a": $ONLY,
                "only_in_b": $ONLY,
                "verdict": {"type": "string"}
              },
              "required": ["a", "b", "calls", "first_divergence", "phases", "only_in_a", "only_in_b", "verdict"]
            }
            """.replace("$SIDE", SIDE.strip()).replace("$CALL", CALL.strip()).replace("$ONLY", ONLY.strip());

    @Override
    public String name() {
        return "diff";
    }

    @Override
    public String title() {
        return "Compare two sessions";
    }

    @Override
    public String description() {
        return "Two sessions side by side: their calls aligned by tool and subject, where they first part, what"
                + " only one of them did (tools, files, commands), duration, calls, errors, retries, tokens, cost and"
                + " files touched, and a one-line verdict on which did better. session_id is A (the latest session"
                + " when left out), other_session_id is B. The same as `agent-strace diff A B`.";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.sessionId(),
                Param.requiredString("other_session_id", "The session to compare it with (B): an id or a unique prefix."));
    }

    @Override
    public Map<String, Object> outputSchema() {
        return Schemas.parse(OUTPUT);
    }

    @Override
    public Output call(Arguments args, Traces traces) {
        String a = traces.resolve(args.string("session_id"));
        String b = traces.resolve(args.string("other_session_id"));
        SessionDiff diff = SessionDiff.of(traces.reading(), a, b);
        return new Output(diff.toJson(), diff.text(PLAIN, WIDTH));
    }
}
