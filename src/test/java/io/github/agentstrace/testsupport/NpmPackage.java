package io.github.agentstrace.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;

/**
 * A real peer of the end-to-end tests that comes from npm: a folder under {@code src/test} with a
 * {@code package.json} and its lock, installed with {@code npm ci} on first use (so the build needs nothing but
 * node and the npm registry). When it cannot be had (no node or npm, a failed install, no build for this
 * platform, an executable that does not run) each test that needs it is skipped with a loud message; under
 * {@code CI=true} that is a failure, so a missing peer never passes silently. The outcome is worked out once.
 */
public final class NpmPackage {
    private final Path dir;
    private final String peer;
    private final String installing;
    private final long npmSeconds;
    private final Function<Path, Path> locate;
    private final String missing;
    private final List<String> before;
    private final List<String> probe;

    private boolean prepared;
    private Path found;
    private String problem;

    /**
     * @param folder     the folder under {@code src/test} ({@code codex})
     * @param peer       what the messages call it ({@code real Codex CLI})
     * @param installing what is being installed, for the line printed before {@code npm ci}
     * @param npmSeconds how long {@code npm ci} may take
     * @param locate     what the tests need in {@code node_modules} (its argument), or null when it is not there
     * @param missing    the problem when {@code locate} finds nothing after the install ({@code under
     *                   <node_modules>} is added)
     * @param before     a command that must succeed before anything else (e.g. {@code node --version}), or empty
     * @param probe      arguments to run what {@code locate} found with, to prove it runs (e.g.
     *                   {@code --version}), or empty
     */
    public NpmPackage(String folder, String peer, String installing, long npmSeconds, Function<Path, Path> locate,
                      String missing, List<String> before, List<String> probe) {
        this.dir = Path.of("src", "test", folder).toAbsolutePath();
        this.peer = peer;
        this.installing = installing;
        this.npmSeconds = npmSeconds;
        this.locate = locate;
        this.missing = missing;
        this.before = before;
        this.probe = probe;
    }

    /** The package's folder, absolute. */
    public Path dir() {
        return dir;
    }

    /** Its {@code node_modules}. */
    public Path modules() {
        return dir.resolve("node_modules");
    }

    /** What {@code locate} found, installing the package first if needed; skips (or fails on CI) without it. */
    public synchronized Path require(String test) {
        if (!prepared) {
            prepared = true;
            problem = prepare();
        }
        if (problem != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(test + " needs the " + peer + " on CI: " + problem);
            }
            System.err.println("\n*** SKIPPING " + test + " (" + peer + " from npm): " + problem + " ***\n");
            Assumptions.abort(problem);
        }
        return found;
    }

    private String prepare() {
        if (!before.isEmpty()) {
            String failed = run(dir, 30, before.toArray(String[]::new));
            if (failed != null) {
                return before.get(0) + " is not usable (" + failed + ")";
            }
        }
        Path located = locate.apply(modules());
        if (located == null) {
            System.err.println("Installing " + installing + ": npm ci --prefix " + dir);
            String npm = run(dir, npmSeconds, "npm", "ci", "--no-audit", "--no-fund");
            if (npm != null) {
                return "npm ci in " + dir + " failed (" + npm + ")";
            }
            located = locate.apply(modules());
        }
        if (located == null) {
            return missing + " under " + modules();
        }
        if (!probe.isEmpty()) {
            String[] command = new String[probe.size() + 1];
            command[0] = located.toString();
            for (int i = 0; i < probe.size(); i++) {
                command[i + 1] = probe.get(i);
            }
            String runs = run(dir, 60, command);
            if (runs != null) {
                return located + " does not run (" + runs + ")";
            }
        }
        found = located;
        return null;
    }

    /** {@code linux-x64}, {@code darwin-arm64}, {@code win32-x64}: how npm's per-platform packages are named. */
    public static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        return (os.contains("mac") ? "darwin" : os.contains("win") ? "win32" : "linux") + "-" + cpu();
    }

    /** {@code x64} or {@code arm64}. */
    public static String cpu() {
        String arch = System.getProperty("os.arch");
        return arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "x64";
    }

    /** Runs a command in {@code dir}; null when it succeeded, else what went wrong. */
    private static String run(Path dir, long seconds, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
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
