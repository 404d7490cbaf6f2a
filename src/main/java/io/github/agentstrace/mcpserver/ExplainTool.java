package io.github.agentstrace.mcpserver;

import io.github.agentstrace.analysis.Explanation;
import io.github.agentstrace.session.SessionListener;
import java.util.List;
import java.util.Map;

/** {@code explain}: the story of a session prompt by prompt, as {@code agent-strace explain} tells it. */
final class ExplainTool implements Tool {
    private static final String OUTPUT = """
            {
              "type": "object",
              "properties": {
                "$headline": {},
                "phases": {
                  "type": "array",
                  "description": "one per user prompt, in order",
                  "items": {
                    "type": "object",
                    "properties": {
                      "phase": {"type": "integer"},
                      "label": {"type": "string"},
                      "prompt_event": {"type": ["integer", "null"]},
                      "duration_ms": {"type": ["number", "null"]},
                      "failed": {"type": "boolean", "description": "it had failures and did not get past them"},
                      "tools": {"type": "array", "items": {"type": "object"}},
                      "files": {"type": "object"},
                      "commands": {"type": "array", "items": {"type": "object"}},
                      "failures": {"type": "array", "items": {"type": "object"}},
                      "subagents": {"type": "array", "items": {"type": "object"}},
                      "llm_turns": {"type": "integer"},
                      "tokens": {"type": "integer"},
                      "cost_usd": {"type": "number"}
                    },
                    "required": ["phase", "label", "failed", "tools", "files", "commands", "failures", "subagents"]
                  }
                },
                "totals": {
                  "type": "object",
                  "properties": {
                    "files_touched": {"type": "integer"},
                    "retries": {"type": "integer"},
                    "wasted_ms": {"type": ["number", "null"]},
                    "wasted_cost_usd": {"type": "number"},
                    "slowest_calls": {"type": "array", "items": {"type": "object"}}
                  }
                }
              },
              "required": ["$headline_required", "phases", "totals"]
            }
            """;

    @Override
    public String name() {
        return "explain";
    }

    @Override
    public String title() {
        return "Explain a session";
    }

    @Override
    public String description() {
        return "What happened in a recorded agent session, prompt by prompt: the tools used, files read, written"
                + " and edited, commands run (retries marked), what failed and why, subagents, LLM turns, tokens"
                + " and cost; then the time and money wasted on failed phases and retried calls, and the slowest"
                + " calls. The same as `agent-strace explain`.";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.sessionId());
    }

    @Override
    public Map<String, Object> outputSchema() {
        return Schemas.parse(OUTPUT);
    }

    @Override
    public Output call(Arguments args, Traces traces) {
        String id = traces.resolve(args.string("session_id"));
        Explanation e = Explanation.of(traces.reading().read(id, true, true, SessionListener.NONE));
        return new Output(e.toJson(), e.text(PLAIN, WIDTH));
    }
}
