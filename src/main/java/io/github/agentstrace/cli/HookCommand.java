package io.github.agentstrace.cli;

import io.github.agentstrace.hook.HookConfig;
import io.github.agentstrace.hook.HookErrorLog;
import io.github.agentstrace.hook.HookEvent;
import io.github.agentstrace.hook.HookInputException;
import io.github.agentstrace.hook.HookRecorder;
import io.github.agentstrace.hook.HookTraining;
import io.github.agentstrace.model.Ids;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code hook <event>}: records one Claude Code hook event from stdin.
 *
 * <p>Whatever happens it reads all of stdin, prints nothing and exits 0: a hook's output and status are
 * instructions to the agent, and a recorder must never give any. What it cannot record goes to
 * {@code <trace-dir>/hook-errors.log}. Run as a process, a watchdog ends it after
 * {@value #DEFAULT_TIMEOUT_MS} ms ({@code AGENT_STRACE_HOOK_TIMEOUT_MS}) even if a lock or a disk hangs.
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
        return "Record one Claude Code hook event from stdin (used by 'setup')";
    }

    @Override
    public String synopsis() {
        return "hook <event> [--no-redact]";
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
        sb.append("\nAlways exits 0 and prints nothing; problems go to <trace-dir>/hook-errors.log.\n")
                .append("Trace directory: --trace-dir, else $AGENT_TRACE_DIR, else $CLAUDE_PROJECT_DIR/.agent-traces,\n")
                .append("else ./.agent-traces. Strings are cut at $AGENT_STRACE_MAX_FIELD characters (default 16384).\n");
        return sb.toString();
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.flag("--no-redact", "store secrets as they are (redaction is on by default)"),
                Opt.flag("--redact", "redact secrets (the default; accepted for compatibility)"));
    }

    @Override
    public boolean silent() {
        return true;
    }

    @Override
    public int run(Args args, Context ctx) {
        List<String> positionals = args.positionals();
        String event = positionals.isEmpty() ? null : positionals.get(0);
        return handle(event, ctx.traceDirFlag(), args.flag("--no-redact"), ctx);
    }

    /**
     * The process entry point, called by {@link Main#main} before the command registry is built (one JVM
     * per event: every class loaded counts). Options are read leniently — an unknown one is skipped, never
     * a reason to leave stdin unread — and a watchdog bounds the run.
     */
    static int runProcess(List<String> argv, Context ctx) {
        if (argv.contains("--help") || argv.contains("-h")) {
            // A person at a terminal: show the usage instead of waiting for a payload on stdin.
            List<String> full = new ArrayList<>(argv);
            full.add(0, "hook");
            return new Main().run(full, ctx);
        }
        startWatchdog(ctx);
        String event = null;
        String traceDir = null;
        boolean noRedact = false;
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--no-redact")) {
                noRedact = true;
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
        if (HookTraining.EVENT.equals(event) && traceDir != null) {
            try {
                HookTraining.run(ctx.cwd().resolve(traceDir), ctx.env());
            } catch (IOException | RuntimeException ignored) {
                // a partial training run still yields a useful archive
            }
            return ExitCode.OK.code();
        }
        return handle(event, traceDir, noRedact, ctx);
    }

    private static int handle(String event, String traceDirFlag, boolean noRedact, Context ctx) {
        byte[] input;
        String readProblem = null;
        try {
            input = readAll(ctx.in());
        } catch (IOException e) {
            input = new byte[0];
            readProblem = "cannot read stdin: " + e.getMessage();
        }
        HookErrorLog log = null;
        try {
            HookConfig config = HookConfig.of(traceDirFlag, noRedact, ctx.env(), ctx.cwd());
            log = new HookErrorLog(config.traceDir());
            if (readProblem != null) {
                log.log(ctx.nowSeconds(), event, readProblem, null, false);
            } else if (input == null) {
                log.log(ctx.nowSeconds(), event, "ignored: stdin larger than " + MAX_STDIN + " bytes", null, false);
            } else if (event == null && input.length == 0) {
                log.log(ctx.nowSeconds(), null, "ignored: no event name and no payload", null, false);
            } else {
                // Not SecureRandom or ProcessHandle: both cost milliseconds of class loading per hook.
                long seed = System.nanoTime() ^ (System.identityHashCode(input) * 0x9E3779B97F4A7C15L)
                        ^ System.currentTimeMillis();
                new HookRecorder(config, ctx.clock(), new Ids(new SplittableRandom(seed)), ctx.env())
                        .record(event, input);
            }
        } catch (HookInputException e) {
            log.log(ctx.nowSeconds(), event, "ignored: " + e.getMessage(), null, false);
        } catch (Exception | Error e) {
            if (log != null) {
                log.log(ctx.nowSeconds(), event, "failed", e, "1".equals(ctx.env().get("AGENT_STRACE_DEBUG")));
            }
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

    private static void startWatchdog(Context ctx) {
        long timeout = DEFAULT_TIMEOUT_MS;
        String v = ctx.env().get(TIMEOUT_ENV);
        if (v != null && !v.isBlank()) {
            try {
                timeout = Math.max(100, Long.parseLong(v.trim()));
            } catch (NumberFormatException ignored) {
                // keep the default
            }
        }
        Watchdog w = new Watchdog(timeout);
        w.setDaemon(true);
        w.start();
    }

    /** Ends a hung hook with status 0; a daemon thread, so a normal run never waits for it. */
    private static final class Watchdog extends Thread {
        private final long millis;

        Watchdog(long millis) {
            super("agent-strace-hook-watchdog");
            this.millis = millis;
        }

        @Override
        public void run() {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(ExitCode.OK.code());
        }
    }
}
