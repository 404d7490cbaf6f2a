package io.github.agentstrace.guard;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.Texts;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.session.Call;
import io.github.agentstrace.session.Outcome;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.SessionPass;
import io.github.agentstrace.session.Step;
import io.github.agentstrace.session.Subject;
import io.github.agentstrace.term.Units;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code watch}: the rules over one session's events as they come, read through the session model
 * ({@link SessionPass}), each alert handed to a consumer once: a rule fires once per session (the retry and
 * loop rules once per call signature), so a runaway session raises one alert per problem, not one per event.
 * Time rules use the session's own times, and {@link #tick} the watcher's clock while nothing is appended.
 */
public final class Watcher implements SessionListener {
    /**
     * One alert.
     *
     * @param rule      the rule: {@code max-retries}, {@code max-loop}, {@code max-errors}, {@code max-cost},
     *                  {@code max-tokens}, {@code max-duration} or {@code policy}
     * @param sessionId the session
     * @param event     the event number that made it fire (0 for the clock)
     * @param message   one line saying what happened
     */
    public record Alert(String rule, String sessionId, long event, String message) {
        /** The alert as JSON (what a command receives on stdin). */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", rule);
            m.put("session_id", sessionId);
            m.put("event", event);
            m.put("message", message);
            return m;
        }

        /** The one-line text of it. */
        public String text() {
            return "agent-strace watch: session " + sessionId + (event > 0 ? " event #" + event : "") + ": " + message
                    + " [" + rule + "]";
        }
    }

    private final WatchRules rules;
    private final Consumer<Alert> alerts;
    private final SessionPass pass;
    private final String sessionId;
    private final double startedAt;
    private String root;
    private PolicyCheck check;
    private final Set<String> fired = new HashSet<>();
    private final Map<String, Integer> retries = new HashMap<>();
    private final ArrayDeque<String> window = new ArrayDeque<>();
    private int errorStreak;
    private double cost;
    private long tokens;
    private double lastTime;

    private final String home;

    /**
     * A watcher of one session. Paths are taken, as {@code audit} takes them, from the directory the session
     * worked in (its session_start's {@code cwd}, else meta's), else {@code fallbackRoot}; {@code home}
     * expands {@code ~/} in the policy.
     */
    public Watcher(SessionMeta meta, WatchRules rules, PriceTable prices, String fallbackRoot, String home,
                   Consumer<Alert> alerts) {
        this.rules = rules;
        this.alerts = alerts;
        this.sessionId = meta.sessionId();
        this.startedAt = meta.startedAt();
        this.home = home;
        String dir = Json.asString(meta.attribution().get("working_dir"));
        this.root = dir == null || dir.isEmpty() ? fallbackRoot : dir;
        this.pass = SessionPass.of(meta, 0, prices, this);
    }

    /** Reads the next event of the session. */
    public void accept(TraceEvent e) {
        pass.accept(e);
    }

    /** The session's end: calls never answered are read as the model reads them. */
    public void finish() {
        pass.finish();
    }

    /** The watcher's clock says {@code nowSeconds}: the duration rule for a session that is quiet. */
    public void tick(double nowSeconds) {
        duration(nowSeconds, 0);
    }

    @Override
    public void step(Step step) {
        TraceEvent e = step.event();
        if (!step.leftover()) {
            lastTime = Math.max(lastTime, e.timestamp());
            duration(lastTime, step.number());
        }
        if (e.kind() == EventType.SESSION_START && check == null && e.data().get("cwd") instanceof String cwd
                && !cwd.isEmpty()) {
            root = cwd;
        }
        if (rules.policy() != null && e.kind() == EventType.TOOL_CALL && !step.leftover()) {
            if (check == null) {
                check = PolicyCheck.of(rules.policy(), root, home);
            }
            String tool = Json.asString(e.data().get("tool_name"));
            Subject subject = pass.subjectOf(e);
            for (Finding f : check.check(tool == null ? "?" : tool, subject, Json.asObject(e.data().get("arguments")))) {
                if (f.blocking()) {
                    fire("policy", "policy " + f.rule().id() + " " + f.target(), step.number(),
                            "a call breaks the policy: it " + f.message());
                }
            }
        }
        if (step.turn() != null && step.turn().hasUsage()) {
            tokens += step.turn().usage().total();
            if (step.turn().costUsd() != null) {
                cost += step.turn().costUsd();
            }
            if (rules.maxTokens() > 0 && tokens >= rules.maxTokens()) {
                fire("max-tokens", "max-tokens", step.number(), Units.count(tokens) + " tokens used, the limit is "
                        + Units.count(rules.maxTokens()));
            }
            if (rules.maxCostUsd() > 0 && cost >= rules.maxCostUsd()) {
                fire("max-cost", "max-cost", step.number(), Units.usd(cost) + " spent, the limit is "
                        + Units.usd(rules.maxCostUsd()));
            }
        }
        Call call = step.call();
        if (call == null || call.outcome() == Outcome.PENDING) {
            return;
        }
        String signature = call.signature();
        if (call.outcome() == Outcome.FAILED) {
            errorStreak++;
            if (rules.maxErrors() > 0 && errorStreak >= rules.maxErrors()) {
                fire("max-errors", "max-errors", step.number(), errorStreak + " failed calls in a row");
            }
        } else if (call.outcome() == Outcome.OK) {
            errorStreak = 0;
        }
        if (call.retry()) {
            int n = retries.merge(signature, 1, Integer::sum);
            if (rules.maxRetries() > 0 && n >= rules.maxRetries()) {
                fire("max-retries", "max-retries " + signature, step.number(), "retried " + n + " times after failing: "
                        + oneLine(signature));
            }
        }
        window.addLast(signature);
        if (window.size() > WatchRules.LOOP_WINDOW) {
            window.removeFirst();
        }
        if (rules.maxLoop() > 0) {
            int same = 0;
            for (String s : window) {
                same += s.equals(signature) ? 1 : 0;
            }
            if (same >= rules.maxLoop()) {
                fire("max-loop", "max-loop " + signature, step.number(), "the same call " + same + " times in the last "
                        + window.size() + " calls: " + oneLine(signature));
            }
        }
    }

    private void duration(double now, long event) {
        double seconds = now - startedAt;
        if (rules.maxDuration() > 0 && seconds >= rules.maxDuration()) {
            fire("max-duration", "max-duration", event, "running for " + Units.duration(seconds * 1000.0)
                    + ", the limit is " + Units.duration(rules.maxDuration() * 1000.0));
        }
    }

    private void fire(String rule, String key, long event, String message) {
        if (fired.add(key)) {
            alerts.accept(new Alert(rule, sessionId, event, message));
        }
    }

    private static String oneLine(String s) {
        return Texts.cut(Texts.oneLine(s), 200);
    }

    /** The rules a session breaks, read whole (for {@code watch --once}). */
    public static List<Alert> check(SessionMeta meta, Iterable<TraceEvent> events, WatchRules rules, PriceTable prices,
                                    String fallbackRoot, String home) {
        List<Alert> out = new ArrayList<>();
        Watcher w = new Watcher(meta, rules, prices, fallbackRoot, home, out::add);
        for (TraceEvent e : events) {
            w.accept(e);
        }
        w.finish();
        return out;
    }
}
