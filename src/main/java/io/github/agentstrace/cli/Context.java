package io.github.agentstrace.cli;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.hook.HookConfig;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.store.TraceDirRegistry;
import io.github.agentstrace.store.TraceDirs;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.ColorMode;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything a command may touch of the outside world, resolved once and passed down so that tests run
 * commands in-process with their own streams, environment, working directory and clock.
 *
 * @param traceDirFlag the {@code --trace-dir} value, or null
 * @param colorMode    the {@code --color} choice (AUTO by default)
 * @param stdoutIsTerminal whether stdout is a terminal (for colour in AUTO mode)
 */
record Context(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Path cwd, Clock clock,
               String traceDirFlag, ColorMode colorMode, boolean stdoutIsTerminal) {

    /** The user's home directory: {@code $HOME}, else the JVM's {@code user.home}. */
    Path home() {
        String home = env.get("HOME");
        return Path.of(home == null || home.isEmpty() ? System.getProperty("user.home") : home);
    }

    Context withGlobals(String traceDir, ColorMode color) {
        return new Context(in, out, err, env, cwd, clock, traceDir, color, stdoutIsTerminal);
    }

    /**
     * The trace directory: --trace-dir, else AGENT_TRACE_DIR, else ./.agent-traces. It may not exist yet,
     * but when it, or the nearest of its parents that exists, is not a directory, this is a
     * {@link DataException}: every command that reads or writes traces checks here, before it looks for
     * sessions (and would find none) or tries to create one.
     */
    Path traceDir() {
        return checked(TraceDirs.resolve(traceDirFlag, env, cwd));
    }

    /**
     * As {@link #traceDir()}, with {@code $CLAUDE_PROJECT_DIR/.agent-traces} before {@code ./.agent-traces}:
     * for what Claude Code starts (hooks, the MCP server), which must find the project's traces whatever
     * directory the agent has moved to.
     */
    Path projectTraceDir() {
        return checked(HookConfig.traceDir(traceDirFlag, env, cwd));
    }

    private Path checked(Path dir) {
        for (Path p = dir; p != null && !Files.isDirectory(p); p = p.getParent()) {
            if (Files.exists(p)) {
                String source = traceDirFlag != null && !traceDirFlag.isEmpty() ? "--trace-dir"
                        : !env.getOrDefault(TraceDirs.ENV, "").isEmpty() ? TraceDirs.ENV : "trace directory";
                throw new DataException(source + " " + dir + (p.equals(dir) ? " is not a directory"
                        : " cannot be created: " + p + " is not a directory"));
            }
        }
        return dir;
    }

    TraceStore store() {
        return new TraceStore(traceDir(), TraceDirRegistry.of(env));
    }

    /**
     * The price table: the built-in one with {@code --prices FILE} (the flag's value, may be null), else
     * {@code AGENT_STRACE_PRICES}, merged over it.
     */
    PriceTable prices(String flag) {
        String file = flag != null ? flag : env.getOrDefault("AGENT_STRACE_PRICES", "");
        try {
            return PriceTable.load(file.isEmpty() ? null : cwd.resolve(Path.of(file)));
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage());
        }
    }

    /** The session model over the trace directory. */
    Reading reading(PriceTable prices, Consumer<String> warnings) {
        return reading(store(), prices, warnings);
    }

    /** The session model over another trace directory (the commands across sessions read several). */
    Reading reading(TraceStore store, PriceTable prices, Consumer<String> warnings) {
        return Reading.of(store, prices, warnings);
    }

    Ansi ansi() {
        return new Ansi(colorMode.enabled(env, stdoutIsTerminal));
    }

    /** Now, as epoch seconds with sub-second precision (the trace format's timestamps). */
    double nowSeconds() {
        return clock.epochSeconds();
    }
}
