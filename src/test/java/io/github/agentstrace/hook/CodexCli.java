package io.github.agentstrace.hook;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Codex CLI, npm {@code @openai/codex} pinned in {@code src/test/codex/package-lock.json} (a native
 * executable in a per-platform package). It is installed with {@code npm ci} on first use; without npm, or on
 * a platform it does not ship for, the test is skipped with a loud message, and under {@code CI=true} that is
 * a failure.
 */
final class CodexCli {
    static final Path DIR = Path.of("src", "test", "codex").toAbsolutePath();

    private static Path executable;
    private static String problem;

    private CodexCli() {
    }

    /** The codex executable, installing it if needed; skips (or fails on CI) when it cannot be had. */
    static synchronized Path require(String test) {
        if (executable == null && problem == null) {
            problem = prepare();
        }
        if (problem != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(test + " needs the real Codex CLI on CI: " + problem);
            }
            System.err.println("\n*** SKIPPING " + test + " (real Codex CLI from npm): " + problem + " ***\n");
            Assumptions.abort(problem);
        }
        return executable;
    }

    private static String prepare() {
        Path found = find();
        if (found == null) {
            System.err.println("Installing the Codex CLI for the end-to-end tests: npm ci --prefix " + DIR);
            String npm = run(900, "npm", "ci", "--no-audit", "--no-fund");
            if (npm != null) {
                return "npm ci in " + DIR + " failed (" + npm + ")";
            }
            found = find();
        }
        if (found == null) {
            return "no Codex executable for " + triple() + " under " + DIR.resolve("node_modules");
        }
        String version = run(60, found.toString(), "--version");
        if (version != null) {
            return found + " does not run (" + version + ")";
        }
        executable = found;
        return null;
    }

    /** The per-platform package's native executable (the main package's codex.js only finds and starts it). */
    private static Path find() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        String cpu = arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "x64";
        String pkg = "codex-" + (os.contains("mac") ? "darwin" : os.contains("win") ? "win32" : "linux") + "-" + cpu;
        Path exe = DIR.resolve("node_modules").resolve("@openai").resolve(pkg).resolve("vendor").resolve(triple())
                .resolve("bin").resolve("codex");
        return Files.isExecutable(exe) ? exe : null;
    }

    private static String triple() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        String cpu = arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : "x86_64";
        return cpu + (os.contains("mac") ? "-apple-darwin" : os.contains("win") ? "-pc-windows-msvc" : "-unknown-linux-musl");
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
