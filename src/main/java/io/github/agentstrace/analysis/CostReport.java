package io.github.agentstrace.analysis;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.model.Usage;
import io.github.agentstrace.session.Phase;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.session.SizeEstimate;
import io.github.agentstrace.session.Source;
import io.github.agentstrace.session.Summary;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import io.github.agentstrace.term.Paragraph;
import io.github.agentstrace.term.Plural;
import io.github.agentstrace.term.Table;
import io.github.agentstrace.term.Units;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Tokens and dollars of a session and its subagent sessions: in total, per model, per prompt (the phase
 * a prompt opened, with the subagents it started) and per subagent, from the session model's LLM turns.
 *
 * <p>Real figures come from turns that recorded usage. Only when the whole tree has none is an estimate
 * made from the size of the recorded data ({@link SizeEstimate}), and the report says so; a session that
 * recorded an MCP server's traffic is not estimated at all: the tokens were spent by the client, whose own
 * session records them.
 */
public final class CostReport {
    /** The model an estimate is priced as when the caller names none. */
    public static final String DEFAULT_ESTIMATE_MODEL = "claude-sonnet-4-5";

    /**
     * Tokens and dollars of one part.
     *
     * @param label     what the part is
     * @param turns     LLM turns with usage
     * @param usage     their tokens
     * @param costUsd   their price
     * @param priced    false when some of the tokens had no price
     * @param toolCalls tool calls in the part
     * @param errors    failures in the part
     */
    public record Bucket(String label, long turns, Usage usage, double costUsd, boolean priced, long toolCalls,
                         long errors) {
    }

    /** Longest label of a prompt or subagent row, in characters, whatever the width. */
    private static final int LABEL = 60;

    private final SessionView view;
    private final String pricesAsOf;
    private final Bucket total;
    private final List<Bucket> byModel = new ArrayList<>();
    private final List<Bucket> byPrompt = new ArrayList<>();
    private final List<Bucket> bySubagent = new ArrayList<>();
    private final Map<String, Usage> unknownModels = new LinkedHashMap<>();
    private final String estimateModel;
    private final Bucket estimate;
    private final String advice;

    private CostReport(SessionView view, PriceTable prices, SizeEstimate size, String estimateModel) {
        this.view = view;
        this.pricesAsOf = prices.asOf();
        Summary tree = view.tree();
        for (Summary.ModelCost m : tree.models().values()) {
            byModel.add(new Bucket(m.model(), m.turns(), m.usage(), m.costUsd(), m.priced(), 0, 0));
            if (!m.priced()) {
                unknownModels.put(m.model(), m.usage());
            }
        }
        for (Phase p : view.phases()) {
            long turns = p.summary().turnsWithUsage();
            Usage usage = p.summary().usage();
            boolean priced = p.summary().unpricedTurns() == 0;
            long calls = p.summary().toolCalls();
            long errors = p.summary().errors();
            for (SessionView.Child c : p.subagents()) {
                Summary s = c.view().tree();
                turns += s.turnsWithUsage();
                usage = usage.plus(s.usage());
                priced &= s.unpricedTurns() == 0;
                calls += s.toolCalls();
                errors += s.errors();
            }
            String label = p.promptNumber() > 0 ? "#" + (p.index() + 1) + " " + p.label() : "(before the first prompt)";
            byPrompt.add(new Bucket(label, turns, usage, p.costWithSubagents(), priced, calls, errors));
        }
        for (SessionView child : view.flatten().subList(1, view.flatten().size())) {
            Summary s = child.summary();
            String agent = child.meta().agentName().isEmpty() ? "" : " (" + child.meta().agentName() + ")";
            bySubagent.add(new Bucket(child.id() + agent, s.turnsWithUsage(), s.usage(), s.costUsd(),
                    s.unpricedTurns() == 0, s.toolCalls(), s.errors()));
        }
        this.total = new Bucket("total", tree.turnsWithUsage(), tree.usage(), tree.costUsd(),
                tree.unpricedTurns() == 0, tree.toolCalls(), tree.errors());
        if (tree.turnsWithUsage() > 0 || view.source() == Source.MCP_PROXY || size == null) {
            this.estimateModel = null;
            this.estimate = null;
        } else {
            Usage guess = size.usage();
            OptionalDouble cost = prices.cost(estimateModel, guess);
            this.estimate = new Bucket(estimateModel, 0, guess, cost.orElse(0), cost.isPresent(), 0, 0);
            if (cost.isEmpty()) {
                unknownModels.put(estimateModel, guess);
            }
            this.estimateModel = estimateModel;
        }
        this.advice = advice(view, tree);
    }

    /**
     * The report of a session read with its subagents and phases.
     *
     * @param size          the size of the recorded data (for the estimate), or null to never estimate
     * @param estimateModel the model that prices an estimate
     */
    public static CostReport of(SessionView view, PriceTable prices, SizeEstimate size, String estimateModel) {
        return new CostReport(view, prices, size, estimateModel);
    }

    /** Why a session has no real figures, and how to get them; null when it has them. */
    private static String advice(SessionView view, Summary tree) {
        if (tree.turnsWithUsage() > 0) {
            return null;
        }
        return switch (view.source()) {
            case MCP_PROXY -> "This session recorded an MCP server's traffic: the tokens were spent by the client"
                    + " that called it, and belong to the client's own session (for Claude Code: agent-strace"
                    + " setup --install records them with hooks). Nothing is estimated.";
            case HOOKS -> "No LLM turn has usage: hooks read it from Claude Code's transcript at each stop and at"
                    + " session end. Check that AGENT_STRACE_HOOK_TRANSCRIPT is not 0 and the transcript is readable,"
                    + " or run agent-strace import <transcript.jsonl>.";
            case API -> "Real figures: give TraceSession.llm(...) a usage function that reads the response's usage.";
            default -> "Real figures: import the agent's transcript (agent-strace import) or record with hooks.";
        };
    }

    /** The real figures: what the recorded turns used (zero when none recorded usage). */
    public Bucket total() {
        return total;
    }

    /** The guess from the recorded data's size when nothing recorded usage, else null. */
    public Bucket estimate() {
        return estimate;
    }

    public boolean estimated() {
        return estimateModel != null;
    }

    public List<Bucket> byModel() {
        return byModel;
    }

    public List<Bucket> byPrompt() {
        return byPrompt;
    }

    public List<Bucket> bySubagent() {
        return bySubagent;
    }

    public Map<String, Usage> unknownModels() {
        return unknownModels;
    }

    /** The report as one JSON object (for {@code cost --json}). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", view.id());
        m.put("currency", "USD");
        m.put("prices_as_of", pricesAsOf);
        m.put("estimated", estimated());
        if (estimated()) {
            m.put("estimate", bucket(estimate));
        }
        if (advice != null) {
            m.put("advice", advice);
        }
        m.put("total", bucket(total));
        List<Object> models = new ArrayList<>();
        byModel.forEach(b -> models.add(bucket(b)));
        m.put("by_model", models);
        List<Object> prompts = new ArrayList<>();
        byPrompt.forEach(b -> prompts.add(bucket(b)));
        m.put("by_prompt", prompts);
        List<Object> subs = new ArrayList<>();
        bySubagent.forEach(b -> subs.add(bucket(b)));
        m.put("by_subagent", subs);
        m.put("unknown_models", new ArrayList<>(unknownModels.keySet()));
        return m;
    }

    private static Map<String, Object> bucket(Bucket b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", b.label());
        m.put("llm_turns", b.turns());
        m.put("input_tokens", b.usage().inputTokens());
        m.put("output_tokens", b.usage().outputTokens());
        m.put("cache_read_tokens", b.usage().cacheReadTokens());
        m.put("cache_write_tokens", b.usage().cacheWriteTokens());
        m.put("tokens", b.usage().total());
        m.put("cost_usd", PriceTable.roundUsd(b.costUsd()));
        m.put("fully_priced", b.priced());
        m.put("tool_calls", b.toolCalls());
        m.put("errors", b.errors());
        return m;
    }

    /** The human-readable report, fitted to {@code width} columns (0: no limit). */
    public String text(Ansi a, int width) {
        StringBuilder sb = new StringBuilder("\n");
        sb.append(new Line().add(Ansi.BOLD, "Cost of session " + view.id())
                .add(Ansi.DIM, "  (USD, prices as of " + pricesAsOf + ")").render(a, width)).append('\n');
        if (estimated()) {
            wrap(sb, a, width, Ansi.YELLOW, "ESTIMATE: no token usage is recorded in this session; tokens are guessed"
                    + " from the size of the recorded data (~" + SizeEstimate.CHARS_PER_TOKEN + " characters per token,"
                    + " often off by 30-50%), priced as " + estimateModel + ".");
        }
        if (advice != null) {
            wrap(sb, a, width, Ansi.DIM, advice);
        }
        sb.append('\n');
        Table t = new Table().left("Model", 18).right("Turns").right("Input", 2).right("Output", 1)
                .right("Cache write", 3).right("Cache read", 4).right("Cost");
        List<Bucket> models = estimated() ? List.of(estimate) : byModel;
        Bucket shown = estimated() ? estimate : total;
        for (Bucket b : models) {
            t.row(cells(b, b.priced() ? Units.usd(b.costUsd()) : "unpriced"), estimated() ? Ansi.YELLOW : "");
        }
        t.row(cells(new Bucket(estimated() ? "Total (estimate)" : "Total", shown.turns(), shown.usage(),
                shown.costUsd(), true, 0, 0), Units.usd(shown.costUsd())), Ansi.BOLD);
        sb.append(t.render(a, width, "  "));
        if (!estimated() && !byPrompt.isEmpty() && total.turns() > 0) {
            sb.append('\n');
            sb.append(parts("By prompt", byPrompt, a, width));
        }
        if (!estimated() && !bySubagent.isEmpty() && total.turns() > 0) {
            sb.append('\n');
            sb.append(parts("By subagent", bySubagent, a, width));
        }
        if (!unknownModels.isEmpty()) {
            sb.append('\n');
            wrap(sb, a, width, Ansi.YELLOW, "Not priced (unknown to the price table; add them with --prices FILE):");
            unknownModels.forEach((model, u) -> sb.append(new Line().plain("    " + model + "  "
                    + Plural.count(u.total(), "token")).render(a, width)).append('\n'));
        }
        sb.append('\n');
        return sb.toString();
    }

    private String parts(String title, List<Bucket> buckets, Ansi a, int width) {
        Table t = new Table().left(title, 12).right("Turns").right("Cost").right("Share", 1);
        for (Bucket b : buckets) {
            t.row(Line.clip(b.label(), LABEL), Long.toString(b.turns()), Units.usd(b.costUsd()),
                    Units.percent(b.costUsd(), total.costUsd()));
        }
        return t.render(a, width, "  ");
    }

    private static List<Table.Cell> cells(Bucket b, String cost) {
        Usage u = b.usage();
        List<Table.Cell> cells = new ArrayList<>();
        for (String s : new String[] {b.label(), Long.toString(b.turns()), Units.count(u.inputTokens()),
                Units.count(u.outputTokens()), Units.count(u.cacheWriteTokens()), Units.count(u.cacheReadTokens()), cost}) {
            cells.add(new Table.Cell(s, ""));
        }
        return cells;
    }

    /** A paragraph, indented, wrapped at word boundaries to fit the width. */
    static void wrap(StringBuilder sb, Ansi a, int width, String style, String text) {
        for (String line : Paragraph.lines(text, width > 0 ? Math.max(20, width - 2) : 0)) {
            sb.append("  ").append(a.style(style, line)).append('\n');
        }
    }
}
