package io.github.agentstrace.cli;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.guard.Policy;
import io.github.agentstrace.guard.WatchRules;
import io.github.agentstrace.guard.Watcher;
import io.github.agentstrace.model.DataError;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.replay.FollowedFile;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code watch [id]}: follows a live session (the latest by default) and raises an alert when a rule fires
 * ({@link Watcher}); each alert is printed and handed to the actions asked for ({@link WatchActions}).
 * Follows until the session ends, a stop action ends the agent, or the user interrupts; {@code --once}
 * checks what is recorded and returns. Exit status 1 when any alert was raised.
 */
final class WatchCommand implements Command {
    @Override
    public String name() {
        return "watch";
    }

    @Override
    public String summary() {
        return "Follow a live session and alert on retries, loops, errors, cost, tokens, time or the policy";
    }

    @Override
    public String synopsis() {
        return "watch [session-id] [--once] [--max-retries N] [--max-loop N] [--max-errors N] [--max-cost USD]"
                + " [--max-tokens N] [--max-duration SECONDS] [--rules FILE] [--policy FILE]"
                + " [--exec CMD] [--webhook URL] [--stop [--pid PID] [--grace SECONDS]]";
    }

    @Override
    public String details() {
        return """
                Rules (each off unless given; flags win over --rules FILE, a JSON object with max_retries, max_loop,
                max_errors, max_cost, max_tokens, max_duration):
                  --max-retries N   the same call retried N times after failing
                  --max-loop N      the same call N times within the last 20 calls
                  --max-errors N    N failed calls in a row
                  --max-cost USD, --max-tokens N, --max-duration SECONDS   the session's totals
                  policy            a call breaks --policy FILE (default: the project's policy, when there is one)
                Each rule alerts once per session (retries and loops once per call). Every alert is printed on
                stdout; besides:
                  --exec CMD        runs CMD (split on spaces, no shell) with the alert as JSON on stdin and
                                    AGENT_STRACE_ALERT_RULE, _MESSAGE, _SESSION set; waits up to 30 s for it
                  --webhook URL     POSTs {"text": ..., "rule", "session_id", "event", "message"} (Slack-compatible)
                  --stop            stops the agent: SIGTERM, then SIGKILL after --grace (default 5 s), to --pid or
                                    the process the session recorded (meta attribution ppid); then watch ends
                --once checks the session as recorded and exits. Exit status: 0 no alert, 1 an alert.""";
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.flag("--once", "check the session as recorded, then exit"),
                Opt.value("--max-retries", "N", "alert when the same call is retried N times after failing"),
                Opt.value("--max-loop", "N", "alert when the same call comes N times within the last 20 calls"),
                Opt.value("--max-errors", "N", "alert after N failed calls in a row"),
                Opt.value("--max-cost", "USD", "alert when the session's LLM cost reaches USD"),
                Opt.value("--max-tokens", "N", "alert when the session's tokens reach N"),
                Opt.value("--max-duration", "SECONDS", "alert when the session has run this long"),
                Opt.value("--rules", "FILE", "rules as a JSON object (max_retries, max_loop, ...)"),
                PolicyOption.OPT,
                Opt.value("--exec", "CMD", "run CMD (no shell) for each alert, the alert as JSON on stdin"),
                Opt.value("--webhook", "URL", "POST each alert as JSON with a Slack-compatible text"),
                Opt.flag("--stop", "stop the agent on the first alert (SIGTERM, then SIGKILL)"),
                Opt.value("--pid", "PID", "with --stop: the process to stop (default: the one the session recorded)"),
                Opt.value("--grace", "SECONDS", "with --stop: how long after SIGTERM before SIGKILL (default 5)"),
                Opt.value("--prices", "FILE", "price table merged over the built-in one (for --max-cost)"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException, IOException, InterruptedException {
        List<String> pos = args.positionals();
        if (pos.size() > 1) {
            throw new UsageException("unexpected argument '" + pos.get(1) + "' (watch follows one session)");
        }
        Consumer<String> warn = w -> ctx.err().println("agent-strace watch: " + w);
        WatchRules rules = rules(args, ctx, warn);
        if (!rules.any()) {
            throw new UsageException("no rule to watch for: give --max-retries, --max-loop, --max-errors, --max-cost,"
                    + " --max-tokens, --max-duration, --rules FILE or --policy FILE");
        }
        if (!args.flag("--stop") && (args.value("--pid") != null || args.value("--grace") != null)) {
            throw new UsageException("--pid and --grace go with --stop");
        }
        TraceStore store = ctx.store();
        String id = store.resolve(pos.isEmpty() ? null : pos.get(0), warn);
        SessionMeta meta = store.readMeta(id);
        Long pid = null;
        if (args.flag("--stop")) {
            pid = args.value("--pid") != null ? (long) args.intValue("--pid", 0, 1, Integer.MAX_VALUE)
                    : meta.attribution().get("ppid") instanceof Number n ? n.longValue() : null;
            if (pid == null) {
                throw new UsageException("--stop needs --pid: session " + id + " recorded no process to stop");
            }
        }
        long graceMillis = (long) (args.doubleValue("--grace", 5, 0, 3600) * 1000);
        WatchActions actions = new WatchActions(ctx.out(), warn, args.value("--exec"), args.value("--webhook"), pid,
                graceMillis);
        PriceTable prices = ctx.prices(args.value("--prices"));
        List<Watcher.Alert> raised = new ArrayList<>();
        Watcher watcher = new Watcher(meta, rules, prices, ctx.cwd().toString(), ctx.home().toString(), a -> {
            raised.add(a);
            actions.fire(a);
        });
        if (args.flag("--once")) {
            store.reader(id, warn).forEach(watcher::accept);
            watcher.finish();
            return raised.isEmpty() ? ExitCode.OK.code() : ExitCode.FOUND.code();
        }
        follow(store.eventsFile(id), watcher, actions, ctx, warn);
        return raised.isEmpty() ? ExitCode.OK.code() : ExitCode.FOUND.code();
    }

    /** Reads the session as it grows until it ends or the agent was stopped. */
    private static void follow(Path events, Watcher watcher, WatchActions actions, Context ctx, Consumer<String> warn)
            throws IOException, InterruptedException {
        boolean[] ended = {false};
        try (FollowedFile file = new FollowedFile(events)) {
            while (!ended[0] && !actions.stopped()) {
                file.poll(e -> {
                    watcher.accept(e);
                    ended[0] |= e.kind() == EventType.SESSION_END && e.parentId() == null;
                }, warn);
                watcher.tick(ctx.nowSeconds());
                if (!ended[0] && !actions.stopped()) {
                    file.await(1_000_000_000L);
                }
            }
        }
        if (ended[0]) {
            watcher.finish();
        }
    }

    private static WatchRules rules(Args args, Context ctx, Consumer<String> warn) throws UsageException {
        WatchRules base = new WatchRules(0, 0, 0, 0, 0, 0, null);
        String file = args.value("--rules");
        if (file != null) {
            Path p = ctx.cwd().resolve(file);
            try {
                base = WatchRules.parse(Files.readAllBytes(p), file);
            } catch (IOException e) {
                throw new DataError("cannot read watch rules " + file + ": " + e.getMessage());
            }
        }
        Policy policy = PolicyOption.load(args, ctx, warn);
        boolean judged = policy.hasRules() || policy.sensitive().deny();
        return new WatchRules(
                args.value("--max-retries") != null ? args.intValue("--max-retries", 0, 1, 1_000_000) : base.maxRetries(),
                args.value("--max-loop") != null ? args.intValue("--max-loop", 0, 2, WatchRules.LOOP_WINDOW) : base.maxLoop(),
                args.value("--max-errors") != null ? args.intValue("--max-errors", 0, 1, 1_000_000) : base.maxErrors(),
                args.value("--max-cost") != null ? args.doubleValue("--max-cost", 0, 0.0001, 1e9) : base.maxCostUsd(),
                args.value("--max-tokens") != null ? args.intValue("--max-tokens", 0, 1, Integer.MAX_VALUE) : base.maxTokens(),
                args.value("--max-duration") != null ? args.doubleValue("--max-duration", 0, 1, 1e9) : base.maxDuration(),
                judged ? policy : null);
    }
}
