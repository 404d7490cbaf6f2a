package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real MCP peers of the end-to-end tests: the official servers and SDK client from npm, pinned in
 * {@code src/test/node/package-lock.json}. They are installed with {@code npm ci} on first use, so
 * {@code mvn -B verify} needs nothing but node on the machine. Without node the tests are skipped with a
 * loud message; under {@code CI=true} that is a failure, so a missing install can never pass silently.
 */
public final class NodePeers {
    public static final Path DIR = Path.of("src", "test", "node").toAbsolutePath();
    public static final Path MODULES = DIR.resolve("node_modules");

    private static String problem;
    private static boolean checked;

    private NodePeers() {
    }

    /** Makes sure node and the peers are there, installing the peers if needed; else skips or fails. */
    public static synchronized void require(String test) {
        if (!checked) {
            checked = true;
            problem = prepare();
        }
        if (problem != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(test + " needs the real MCP peers on CI: " + problem);
            }
            System.err.println("\n*** SKIPPING " + test + " (real MCP peers from npm): " + problem + " ***\n");
            Assumptions.abort(problem);
        }
    }

    private static String prepare() {
        String node = run(DIR, 30, "node", "--version");
        if (node != null) {
            return "node is not usable (" + node + ")";
        }
        if (installed()) {
            return null;
        }
        System.err.println("Installing the MCP test peers: npm ci --prefix " + DIR);
        String npm = run(DIR, 600, "npm", "ci", "--no-audit", "--no-fund");
        return npm == null ? null : "npm ci in " + DIR + " failed (" + npm + ")";
    }

    /** Every dependency of package.json is in node_modules (one added since the last npm ci is not). */
    private static boolean installed() {
        try {
            Object pkg = Json.parse(Files.readAllBytes(DIR.resolve("package.json")));
            for (String name : Json.asObject(Json.asObject(pkg).get("dependencies")).keySet()) {
                if (!Files.isDirectory(MODULES.resolve(name))) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a command; null when it succeeded, else what went wrong. */
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
