package io.github.agentstrace.cli;

import io.github.agentstrace.hook.HookConfig;
import io.github.agentstrace.hook.HookErrorLog;
import io.github.agentstrace.hook.HookEvent;
import io.github.agentstrace.hook.HookRecorder;
import io.github.agentstrace.hook.HookTraining;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.term.ColorMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code hook <event> [--agent codex|gemini|copilot|cursor]}: records one hook event of a coding agent from
 * stdin (Claude Code by default; {@code --provider} is the original's spelling of {@code --agent}).
 *
 * <p>Whatever happens it reads all of stdin, prints nothing and exits 0: a hook's output and status are
 * instructions to the agent, and a recorder must never give any. The one exception is {@code --enforce}
 * ({@link HookEnforcement}): a PreToolUse whose call the policy denies prints Claude Code's deny decision.
 * What it cannot record goes to
 * {@code <trace-dir>/hook-errors.log}. Run as a process, a watchdog ends it after
 * {@value #DEFAULT_TIMEOUT_MS} ms ({@code AGENT_STRACE_HOOK_TIMEOUT_MS}) even if stdin is never closed or a
 * lock or a disk hangs, and says so in that log.
 */
final class HookCommand implements Command {
    static final String TIMEOUT_ENV = "AGENT_STRACE_HOOK_TIMEOUT_MS";
    static final long DEFAULT_TIMEOUT_MS = 5000;
    /** Payloads beyond this are drained and dropped rather than held in memory. */
    static final int MAX_STDIN = 64 * 1024 * 1024;

    @Override
    public String name() {
        return "hook";
    }

    @Override
    public String summary() {
        return "Record one hook event of a coding agent from stdin (used by 'setup')";
    }

    @Override
    public String synopsis() {
        return "hook <event> [--agent AGENT] [--no-redact] [--recorder PORT] [--enforce [--policy FILE]]";
    }

    @Override
    public String details() {
        StringBuilder sb = new StringBuilder("Events (either spelling):\n");
        for (HookEvent e : HookEvent.values()) {
            sb.append("  ").append(e.cliName());
            for (int i = e.cliName().length(); i < 20; i++) {
                sb.append(' ');
            }
            sb.append(e.claudeName()).append('\n');
        }
        sb.append("\nWith --agent codex|gemini|copilot|cursor, <event> is that agent's own event name (BeforeTool,\n")
                .append("preToolUse, beforeShellExecution, ...) or one of the above.\n");
        sb.append("\nAlways exits 0 and prints nothing; problems go to <trace-dir>/hook-errors.log.\n")
                .append("With --enforce, a PreToolUse whose call breaks the policy (--policy FILE, else\n")
                .append(".agent-strace/policy.json or .agent-scope.json in the project) prints Claude Code's deny\n")
                .append("decision and records the denial; anything else, failures included, allows the call.\n")
                .append("Trace directory: --trace-dir, else $AGENT_TRACE_DIR, else $CLAUDE_PROJECT_DIR/.agent-traces,\n")
                .append("else ./.agent-traces. Strings are cut at $AGENT_STRACE_MAX_FIELD characters (default 16384).\n");
        return sb.toString();
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.value("--agent", "AGENT", "the agent whose hook this is: claude-code (default), codex, gemini,"
                        + " copilot, cursor"),
                Opt.value("--provider", "AGENT", "the same as --agent (the original's spelling)"),
                Opt.flag("--no-redact", "store secrets as they are (redaction is on by default)"),
                Opt.flag("--redact", "redact secrets (the default; accepted for compatibility)"),
                Opt.value("--recorder", "PORT", "session-start, user-prompt: note the session for the resident"
                        + " recorder on this port and start it if it is not running (setup --resident)"),
                Opt.flag("--enforce", "pre-tool: deny a call that breaks the policy (Claude Code's decision output)"),
                Opt.value("--policy", "FILE", "with --enforce: the policy (default: the project's)"));
    }

    @Override
    public boolean silent() {
        return true;
    }

    @Override
    public int run(Args args, Context ctx) {
        List<String> positionals = args.positionals();
        String event = positionals.isEmpty() ? null : positionals.get(0);
        String agent = args.value("--agent", args.value("--provider", null));
        return handle(event, agent, ctx.traceDirFlag(), args.flag("--no-redact"), port(args.value("--recorder", "0")),
                args.flag("--enforce"), args.value("--policy"), ctx, null);
    }

    /**
     * The hook's own entry point ({@code java -cp agent-strace.jar io.github.agentstrace.cli.HookCommand <event>},
     * as {@code bin/agent-strace hook} runs it): one JVM per event, so it skips what {@link Main#main} sets
     * up for the other commands (its option table, its own output streams, the console probe) and uses the
     * streams the JVM already made. Exits 0 whatever happens.
     */
    public static void main(String[] argv) {
        Context ctx = new Context(System.in, System.out, System.err, System.getenv(), Path.of("").toAbsolutePath(),
                Clock.system(), null, ColorMode.NEVER, false);
        System.exit(runProcess(Arrays.asList(argv), ctx));
    }

    /**
     * The process entry point, called by {@link #main} or by {@link Main#main} before the command registry
     * is built (one JVM per event: every class loaded counts). Options are read leniently — an unknown one is skipped, never
     * a reason to leave stdin unread — and a watchdog bounds the run.
     */
    static int runProcess(List<String> argv, Context ctx) {
        if (argv.contains("--help") || argv.contains("-h")) {
            // A person at a terminal: show the usage instead of waiting for a payload on stdin.
            List<String> full = new ArrayList<>(argv);
            full.add(0, "hook");
            return new Main().run(full, ctx);
        }
        String event = null;
        String agent = null;
        String traceDir = null;
        boolean noRedact = false;
        int recorderPort = 0;
        boolean enforce = false;
        String policy = null;
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--recorder") && i + 1 < argv.size()) {
                recorderPort = port(argv.get(++i));
            } else if ((a.equals("--agent") || a.equals("--provider")) && i + 1 < argv.size()) {
                agent = argv.get(++i);
            } else if (a.startsWith("--agent=") || a.startsWith("--provider=")) {
                agent = a.substring(a.indexOf('=') + 1);
            } else if (a.equals("--no-redact")) {
                noRedact = true;
            } else if (a.equals("--enforce")) {
                enforce = true;
            } else if (a.equals("--policy") && i + 1 < argv.size()) {
                policy = argv.get(++i);
            } else if (a.startsWith("--policy=")) {
                policy = a.substring("--policy=".length());
            } else if (a.equals("--redact")) {
                noRedact = false;
            } else if (a.equals("--trace-dir") && i + 1 < argv.size()) {
                traceDir = argv.get(++i);
            } else if (a.startsWith("--trace-dir=")) {
                traceDir = a.substring("--trace-dir=".length());
            } else if (!a.startsWith("-") && event == null) {
                event = a;
            }
        }
        Watchdog watchdog = startWatchdog(ctx, event, traceDir, noRedact);
        if (HookTraining.EVENT.equals(event) && traceDir != null) {
            try {
                HookTraining.run(ctx.cwd().resolve(traceDir), ctx.env());
            } catch (IOException | RuntimeException ignored) {
                // a partial training run still yields a useful archive
            }
            try {
                HookEnforcement.train(ctx.cwd().resolve(traceDir), ctx);
            } catch (IOException | RuntimeException ignored) {
                // without it, --enforce hooks read the guard classes from the jar: slower, still right
            }
            return ExitCode.OK.code();
        }
        return handle(event, agent, traceDir, noRedact, recorderPort, enforce, policy, ctx, watchdog);
    }

    /** A --recorder port, or 0 (none) for anything that is not one: a hook never fails on its options. */
    private static int port(String value) {
        try {
            int p = Integer.parseInt(value.trim());
            return p > 0 && p < 65536 ? p : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int handle(String event, String agent, String traceDirFlag, boolean noRedact, int recorderPort,
                              boolean enforce, String policy, Context ctx, Watchdog watchdog) {
        byte[] input;
        String readProblem = null;
        try {
            input = readAll(ctx.in());
        } catch (IOException e) {
            input = new byte[0];
            readProblem = "cannot read stdin: " + e.getMessage();
        }
        if (watchdog != null) {
            watchdog.stdinRead = true;
        }
        try {
            HookConfig config = HookConfig.of(traceDirFlag, noRedact, ctx.env(), ctx.cwd());
            HookErrorLog log = new HookErrorLog(config.traceDir(), config.redactor());
            if (readProblem != null) {
                log.log(ctx.clock().instant(), event, readProblem, null, false);
            } else if (input == null) {
                log.log(ctx.clock().instant(), event, "ignored: stdin larger than " + MAX_STDIN + " bytes", null, false);
            } else if (event == null && input.length == 0) {
                log.log(ctx.clock().instant(), null, "ignored: no event name and no payload", null, false);
            } else {
                // Not SecureRandom, SplittableRandom or ProcessHandle: each costs class loading per hook, and
                // Random is in the JDK's own class-data archive.
                long seed = System.nanoTime() ^ (System.identityHashCode(input) * 0x9E3779B97F4A7C15L)
                        ^ System.currentTimeMillis();
                // The decision is printed before the call is recorded: Claude Code waits for the hook to exit,
                // and a watchdog stopping a slow recording must not take the decision with it. Only --enforce
                // loads the guard classes.
                // Claude Code's decision output: another agent's hook (--agent) is recorded, never answered.
                Map<String, Object> denial = enforce && agent == null
                        ? HookEnforcement.decide(event, input, policy, ctx, log) : null;
                new HookRecorder(config, ctx.clock(), new Ids(new Random(seed)), ctx.env(), recorderPort)
                        .recordOrLog(agent, event, input, log, "1".equals(ctx.env().get("AGENT_STRACE_DEBUG")), denial);
            }
        } catch (RuntimeException | Error e) {
            // no configuration, so no log to write to: nothing may reach the agent
        }
        return ExitCode.OK.code();
    }

    /** All of stdin; null when it was larger than {@link #MAX_STDIN} (the rest is still drained). */
    static byte[] readAll(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        int n = 0;
        boolean tooBig = false;
        while (true) {
            if (n == buf.length) {
                if (buf.length >= MAX_STDIN) {
                    tooBig = true;
                    byte[] sink = new byte[65536];
                    while (in.read(sink) >= 0) {
                        // drain, so the agent never blocks writing to us
                    }
                    break;
                }
                buf = Arrays.copyOf(buf, Math.min(MAX_STDIN, buf.length * 2));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return tooBig ? null : Arrays.copyOf(buf, n);
    }

    private static Watchdog startWatchdog(Context ctx, String event, String traceDirFlag, boolean noRedact) {
        long timeout = DEFAULT_TIMEOUT_MS;
        String v = ctx.env().get(TIMEOUT_ENV);
        if (v != null && !v.isBlank()) {
            try {
                timeout = Math.max(100, Long.parseLong(v.trim()));
            } catch (NumberFormatException ignored) {
                // keep the default
            }
        }
        Watchdog w = new Watchdog(timeout, ctx, event, traceDirFlag, noRedact);
        w.setDaemon(true);
        w.start();
        return w;
    }

    /**
     * Ends a hung hook with status 0 after noting why in the error log; a daemon thread, so a normal run
     * never waits for it.
     */
    private static final class Watchdog extends Thread {
        /** How long the note may take: the log may sit on the disk that hung, and the hook must end. */
        private static final long NOTE_GRACE_MS = 1000;

        private final long millis;
        private final Context ctx;
        private final String event;
        private final String traceDirFlag;
        private final boolean noRedact;
        /** Set by the hook once stdin has ended: what it was doing when time ran out. */
        volatile boolean stdinRead;

        Watchdog(long millis, Context ctx, String event, String traceDirFlag, boolean noRedact) {
            super("agent-strace-hook-watchdog");
            this.millis = millis;
            this.ctx = ctx;
            this.event = event;
            this.traceDirFlag = traceDirFlag;
            this.noRedact = noRedact;
        }

        @Override
        public void run() {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            String why = stdinRead
                    ? "recording did not finish (a lock or the disk did not answer); the event may be missing"
                    : "stdin was not closed, so the payload never ended; nothing recorded";
            TimeoutNote note = new TimeoutNote(this, "stopped after " + millis + " ms (" + TIMEOUT_ENV + "): " + why);
            note.setDaemon(true);
            note.start();
            try {
                note.join(NOTE_GRACE_MS);
            } catch (InterruptedException ignored) {
                // end now all the same
            }
            Runtime.getRuntime().halt(ExitCode.OK.code());
        }
    }

    /** Writes the watchdog's one line to hook-errors.log, on its own thread so a hung disk cannot keep the hook. */
    private static final class TimeoutNote extends Thread {
        private final Watchdog dog;
        private final String message;

        TimeoutNote(Watchdog dog, String message) {
            super("agent-strace-hook-timeout-note");
            this.dog = dog;
            this.message = message;
        }

        @Override
        public void run() {
            try {
                HookConfig config = HookConfig.of(dog.traceDirFlag, dog.noRedact, dog.ctx.env(), dog.ctx.cwd());
                new HookErrorLog(config.traceDir(), config.redactor())
                        .log(dog.ctx.clock().instant(), dog.event, message, null, false);
            } catch (RuntimeException | Error ignored) {
                // nothing may reach the agent
            }
        }
    }
}
