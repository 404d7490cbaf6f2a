package io.github.agentstrace.hook;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Claude Code CLI, npm {@code @anthropic-ai/claude-code} pinned in
 * {@code src/test/claude-code/package-lock.json} (a native executable in a per-platform package). It is
 * installed with {@code npm ci} on first use; without npm, or on a platform it does not ship for, the test
 * is skipped with a loud message, and under {@code CI=true} that is a failure.
 */
public final class ClaudeCodeCli {
    static final Path DIR = Path.of("src", "test", "claude-code").toAbsolutePath();

    private static Path executable;
    private static String problem;

    private ClaudeCodeCli() {
    }

    /** The claude executable, installing it if needed; skips (or fails on CI) when it cannot be had. */
    public static synchronized Path require(String test) {
        if (executable == null && problem == null) {
            problem = prepare();
        }
        if (problem != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(test + " needs the real Claude Code CLI on CI: " + problem);
            }
            System.err.println("\n*** SKIPPING " + test + " (real Claude Code CLI from npm): " + problem + " ***\n");
            Assumptions.abort(problem);
        }
        return executable;
    }

    private static String prepare() {
        Path found = find();
        if (found == null) {
            System.err.println("Installing the Claude Code CLI for the end-to-end tests: npm ci --prefix " + DIR);
            String npm = run(900, "npm", "ci", "--no-audit", "--no-fund");
            if (npm != null) {
                return "npm ci in " + DIR + " failed (" + npm + ")";
            }
            found = find();
        }
        if (found == null) {
            return "no Claude Code executable for " + platform() + " under " + DIR.resolve("node_modules");
        }
        String version = run(60, found.toString(), "--version");
        if (version != null) {
            return found + " does not run (" + version + ")";
        }
        executable = found;
        return null;
    }

    /** The per-platform package's executable (npm may not run the main package's postinstall that links it). */
    private static Path find() {
        Path scope = DIR.resolve("node_modules").resolve("@anthropic-ai");
        for (String suffix : new String[] {"", "-musl"}) {
            Path exe = scope.resolve("claude-code-" + platform() + suffix).resolve("claude");
            if (Files.isExecutable(exe)) {
                return exe;
            }
        }
        return null;
    }

    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        return (os.contains("mac") ? "darwin" : os.contains("win") ? "win32" : "linux") + "-"
                + (arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "x64");
    }

    /** Runs a command in {@link #DIR}; null when it succeeded, else what went wrong. */
    private static String run(long seconds, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + " timed out";
            }
            if (p.exitValue() != 0) {
                String text = new String(out, StandardCharsets.UTF_8).strip();
                return String.join(" ", command) + " exited " + p.exitValue() + ": "
                        + (text.length() > 500 ? text.substring(text.length() - 500) : text);
            }
            return null;
        } catch (Exception e) {
            return command[0] + " not found (" + e.getMessage() + ")";
        }
    }
}
