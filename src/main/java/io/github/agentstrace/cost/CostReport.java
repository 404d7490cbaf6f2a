package io.github.agentstrace.cost;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.transcript.Usage;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Tokens and dollars of a session and its subagent sessions: per model, per prompt (the events from one
 * user prompt to the next) and per subagent.
 *
 * <p>Real figures come from {@code llm_response} events that carry usage (transcript import, hook
 * enrichment, MCP sampling results). Only when the whole tree has none is an estimate made, from the size
 * of the recorded data (about 4 characters per token), and the report says so.
 */
public final class CostReport {
    /** Characters per token of the fallback estimate. */
    static final int CHARS_PER_TOKEN = 4;

    /** Tokens and dollars of one bucket. {@code priced} is false when some tokens had no known price. */
    public record Bucket(String label, Usage usage, double dollars, long turns, boolean priced) {
        Bucket add(Usage u, double d, boolean known) {
            return new Bucket(label, usage.plus(u), dollars + d, turns + 1, priced && known);
        }
    }

    private final String sessionId;
    private final PriceTable prices;
    private final Map<String, Bucket> byModel = new LinkedHashMap<>();
    private final List<Bucket> byPrompt = new ArrayList<>();
    private final List<Bucket> bySubagent = new ArrayList<>();
    private final Map<String, Usage> unknownModels = new LinkedHashMap<>();
    private Bucket total = new Bucket("total", Usage.ZERO, 0, 0, true);
    private boolean estimated;
    private String estimateModel;

    private CostReport(String sessionId, PriceTable prices) {
        this.sessionId = sessionId;
        this.prices = prices;
    }

    /**
     * Builds the report for a session and every session below it.
     *
     * @param estimateModel model used to price the estimate when no usage is recorded
     */
    public static CostReport of(TraceStore store, String sessionId, PriceTable prices, String estimateModel,
                                Consumer<String> warnings) {
        CostReport r = new CostReport(sessionId, prices);
        List<SessionMeta> all = store.list(warnings);
        Map<String, Integer> promptOfSpawn = new HashMap<>();
        r.readSession(store, sessionId, true, promptOfSpawn, warnings);
        for (SessionMeta child : descendants(all, sessionId)) {
            Bucket before = r.total;
            r.readSession(store, child.sessionId(), false, promptOfSpawn, warnings);
            Bucket sub = new Bucket(child.sessionId(), r.total.usage().plus(negate(before.usage())),
                    r.total.dollars() - before.dollars(), r.total.turns() - before.turns(), r.total.priced());
            r.bySubagent.add(sub);
            Integer phase = promptOfSpawn.get(child.parentEventId());
            if (phase != null && phase < r.byPrompt.size() && sub.turns() > 0) {
                Bucket p = r.byPrompt.get(phase);
                r.byPrompt.set(phase, new Bucket(p.label(), p.usage().plus(sub.usage()), p.dollars() + sub.dollars(),
                        p.turns() + sub.turns(), p.priced() && sub.priced()));
            }
        }
        if (r.total.turns() == 0) {
            r.estimate(store, sessionId, all, estimateModel, warnings);
        }
        return r;
    }

    private static Usage negate(Usage u) {
        return new Usage(-u.inputTokens(), -u.outputTokens(), -u.cacheCreationTokens(), -u.cacheReadTokens(),
                -u.cacheWrite5mTokens(), -u.cacheWrite1hTokens());
    }

    private static List<SessionMeta> descendants(List<SessionMeta> all, String root) {
        List<SessionMeta> out = new ArrayList<>();
        List<String> frontier = new ArrayList<>(List.of(root));
        while (!frontier.isEmpty()) {
            String parent = frontier.remove(0);
            for (SessionMeta m : all) {
                if (parent.equals(m.parentSessionId()) && out.stream().noneMatch(o -> o.sessionId().equals(m.sessionId()))) {
                    out.add(m);
                    frontier.add(m.sessionId());
                }
            }
        }
        return out;
    }

    private void readSession(TraceStore store, String id, boolean root, Map<String, Integer> promptOfSpawn,
                             Consumer<String> warnings) {
        store.reader(id, warnings).forEach(e -> {
            EventType kind = e.kind();
            if (kind == null) {
                return;
            }
            if (root && kind == EventType.USER_PROMPT) {
                String prompt = Json.text(e.data().getOrDefault("prompt", ""));
                byPrompt.add(new Bucket(label(byPrompt.size() + 1, prompt), Usage.ZERO, 0, 0, true));
            } else if (root && kind == EventType.TOOL_CALL && e.eventId() != null) {
                Object tool = e.data().get("tool_name");
                if ("Agent".equals(tool) || "Task".equals(tool)) {
                    promptOfSpawn.put(e.eventId(), Math.max(0, byPrompt.size() - 1));
                }
            } else if (kind == EventType.LLM_RESPONSE && Usage.present(e.data())) {
                turn(e, root);
            }
        });
    }

    private void turn(TraceEvent e, boolean root) {
        Usage u = Usage.fromJson(e.data());
        String model = Json.asString(e.data().get("model"));
        String key = model == null ? "(unknown model)" : model;
        var cost = prices.cost(model, u);
        double dollars = cost.orElse(0.0);
        boolean known = cost.isPresent();
        if (!known) {
            unknownModels.merge(key, u, Usage::plus);
        }
        byModel.merge(key, new Bucket(key, u, dollars, 1, known), (a, b) -> a.add(u, dollars, known));
        total = total.add(u, dollars, known);
        if (root) {
            if (byPrompt.isEmpty()) {
                byPrompt.add(new Bucket("(before the first prompt)", Usage.ZERO, 0, 0, true));
            }
            int last = byPrompt.size() - 1;
            byPrompt.set(last, byPrompt.get(last).add(u, dollars, known));
        }
    }

    private void estimate(TraceStore store, String id, List<SessionMeta> all, String model, Consumer<String> warnings) {
        estimated = true;
        estimateModel = model;
        long[] in = {0};
        long[] out = {0};
        List<String> ids = new ArrayList<>(List.of(id));
        descendants(all, id).forEach(m -> ids.add(m.sessionId()));
        for (String sid : ids) {
            store.reader(sid, warnings).forEach(e -> {
                EventType kind = e.kind();
                if (kind == null) {
                    return;
                }
                long tokens = Math.max(1, Json.write(e.data()).length() / CHARS_PER_TOKEN);
                switch (kind) {
                    case USER_PROMPT, LLM_REQUEST, TOOL_CALL -> in[0] += tokens;
                    case ASSISTANT_RESPONSE, LLM_RESPONSE, TOOL_RESULT -> out[0] += tokens;
                    default -> { }
                }
            });
        }
        Usage u = new Usage(in[0], out[0], 0, 0, 0, 0);
        var cost = prices.cost(model, u);
        double dollars = cost.orElse(0.0);
        byModel.put(model, new Bucket(model, u, dollars, 0, cost.isPresent()));
        total = new Bucket("total", u, dollars, 0, cost.isPresent());
        if (cost.isEmpty()) {
            unknownModels.put(model, u);
        }
    }

    private static String label(int n, String prompt) {
        String oneLine = prompt.replaceAll("\\s+", " ").strip();
        return "#" + n + " " + (oneLine.length() > 50 ? oneLine.substring(0, 50) + "..." : oneLine);
    }

    public Bucket total() {
        return total;
    }

    public boolean estimated() {
        return estimated;
    }

    public Map<String, Bucket> byModel() {
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
        m.put("session_id", sessionId);
        m.put("currency", "USD");
        m.put("prices_as_of", prices.asOf());
        m.put("estimated", estimated);
        if (estimated) {
            m.put("estimate_model", estimateModel);
        }
        m.put("total", bucket(total));
        List<Object> models = new ArrayList<>();
        byModel.values().forEach(b -> models.add(bucket(b)));
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
        m.putAll(b.usage().toJson());
        m.put("cost_usd", Math.round(b.dollars() * 1e6) / 1e6);
        m.put("fully_priced", b.priced());
        return m;
    }

    /** The human-readable report. */
    public void print(PrintStream out, Ansi a) {
        out.println();
        out.println(a.bold("Cost of session " + sessionId) + a.dim("  (USD, prices as of " + prices.asOf() + ")"));
        if (estimated) {
            out.println(a.yellow("  ESTIMATE: no token usage is recorded in this session; tokens are guessed from the"
                    + " size of the recorded data (~" + CHARS_PER_TOKEN + " characters per token, often off by 30-50%),"
                    + " priced as " + estimateModel + "."));
            out.println(a.dim("  Real figures: import the Claude Code transcript (agent-strace import) or record with hooks."));
        }
        out.println();
        out.println("  " + a.dim(String.format("%-30s %6s %12s %12s %12s %12s %11s", "Model", "Turns", "Input",
                "Output", "Cache write", "Cache read", "Cost")));
        for (Bucket b : byModel.values()) {
            out.println("  " + String.format("%-30s %6d %12s %12s %12s %12s %11s", cut(b.label(), 30), b.turns(),
                    n(b.usage().inputTokens()), n(b.usage().outputTokens()), n(b.usage().cacheCreationTokens()),
                    n(b.usage().cacheReadTokens()), b.priced() ? usd(b.dollars()) : "unpriced"));
        }
        out.println("  " + a.bold(String.format("%-30s %6d %12s %12s %12s %12s %11s", "Total", total.turns(),
                n(total.usage().inputTokens()), n(total.usage().outputTokens()), n(total.usage().cacheCreationTokens()),
                n(total.usage().cacheReadTokens()), usd(total.dollars()))));
        if (!byPrompt.isEmpty() && !estimated) {
            out.println();
            out.println("  " + a.dim("By prompt"));
            for (Bucket b : byPrompt) {
                out.println("  " + String.format("%-58s %6d turns %11s %5s", cut(b.label(), 58), b.turns(),
                        usd(b.dollars()), pct(b.dollars())));
            }
        }
        if (!bySubagent.isEmpty() && !estimated) {
            out.println();
            out.println("  " + a.dim("By subagent"));
            for (Bucket b : bySubagent) {
                out.println("  " + String.format("%-58s %6d turns %11s %5s", cut(b.label(), 58), b.turns(),
                        usd(b.dollars()), pct(b.dollars())));
            }
        }
        if (!unknownModels.isEmpty()) {
            out.println();
            out.println("  " + a.yellow("Not priced (unknown to the price table; add them with --prices FILE):"));
            unknownModels.forEach((model, u) -> out.println("    " + model + "  " + n(u.total()) + " tokens"));
        }
        out.println();
    }

    private String pct(double dollars) {
        return total.dollars() > 0 ? String.format(Locale.ROOT, "%.0f%%", 100 * dollars / total.dollars()) : "";
    }

    private static String usd(double d) {
        return String.format(Locale.ROOT, d >= 1 ? "$%.2f" : "$%.4f", d);
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String cut(String s, int w) {
        return s.length() > w ? s.substring(0, w - 3) + "..." : s;
    }
}
