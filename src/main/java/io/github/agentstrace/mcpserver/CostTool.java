package io.github.agentstrace.mcpserver;

import io.github.agentstrace.analysis.CostReport;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.session.SizeEstimate;
import java.util.List;
import java.util.Map;

/** {@code cost}: tokens and dollars per model, prompt and subagent, as {@code agent-strace cost} reports them. */
final class CostTool implements Tool {
    private static final String BUCKET = """
            {
              "type": "object",
              "properties": {
                "label": {"type": "string"},
                "llm_turns": {"type": "integer"},
                "input_tokens": {"type": "integer"},
                "output_tokens": {"type": "integer"},
                "cache_read_tokens": {"type": "integer"},
                "cache_write_tokens": {"type": "integer"},
                "tokens": {"type": "integer"},
                "cost_usd": {"type": "number"},
                "fully_priced": {"type": "boolean"},
                "tool_calls": {"type": "integer"},
                "errors": {"type": "integer"}
              },
              "required": ["label", "tokens", "cost_usd"]
            }
            """;
    private static final String OUTPUT = """
            {
              "type": "object",
              "properties": {
                "session_id": {"type": "string"},
                "currency": {"type": "string"},
                "prices_as_of": {"type": "string"},
                "estimated": {"type": "boolean", "description": "no turn recorded usage: the figures are a guess from the session's size"},
                "estimate": $BUCKET,
                "advice": {"type": "string"},
                "total": $BUCKET,
                "by_model": {"type": "array", "items": $BUCKET},
                "by_prompt": {"type": "array", "items": $BUCKET},
                "by_subagent": {"type": "array", "items": $BUCKET},
                "unknown_models": {"type": "array", "items": {"type": "string"}}
              },
              "required": ["session_id", "currency", "estimated", "total", "by_model", "by_prompt", "by_subagent"]
            }
            """.replace("$BUCKET", BUCKET.strip());

    @Override
    public String name() {
        return "cost";
    }

    @Override
    public String title() {
        return "Tokens and cost of a session";
    }

    @Override
    public String description() {
        return "Tokens (input, output, cache read and write) and dollars of a session and its subagents, per model,"
                + " per prompt and per subagent, from the usage its LLM turns recorded and a dated price table. A"
                + " session without recorded usage gets an estimate from its size, labelled as such. The same as"
                + " `agent-strace cost`.";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.sessionId(),
                Param.string("estimate_model", "The model to price an estimate as, when the session recorded no usage"
                        + " (default " + CostReport.DEFAULT_ESTIMATE_MODEL + ")."));
    }

    @Override
    public Map<String, Object> outputSchema() {
        return Schemas.parse(OUTPUT);
    }

    @Override
    public Output call(Arguments args, Traces traces) {
        String id = traces.resolve(args.string("session_id"));
        SizeEstimate size = new SizeEstimate();
        SessionView view = traces.reading().read(id, true, true, size);
        String model = args.string("estimate_model");
        CostReport report = CostReport.of(view, traces.prices(), size,
                model == null ? CostReport.DEFAULT_ESTIMATE_MODEL : model);
        return new Output(report.toJson(), report.text(PLAIN, WIDTH));
    }
}
