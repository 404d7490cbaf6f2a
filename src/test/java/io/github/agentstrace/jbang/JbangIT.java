package io.github.agentstrace.jbang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real jbang ({@code dev.jbang:jbang-cli} from Maven Central, put on the failsafe classpath by
 * the pom) on the script the catalog's alias names, offline, then runs what it built.
 *
 * <p>The Maven jar is jbang without its shell wrapper: on success it exits 255 and prints the java
 * command line that the wrapper would exec, so the test runs that line with {@code sh}. It resolves the
 * alias through the catalog file itself (reading {@code script-ref}) because that jar's alias lookup
 * does not find aliases in a local catalog (see docs on jbang in the README).
 */
class JbangIT {
    @TempDir
    Path jbangHome;

    @Test
    void jbang_buildsAndRunsTheCatalogScriptFromTheSourcesAlone() throws Exception {
        requireJbang();
        Path script = JbangCatalogTest.scriptRef();
        String listing = jbangRun(script.toString(), "--trace-dir",
                JbangCatalogTest.ROOT.resolve(".agent-traces.example").toString(), "list");
        assertTrue(listing.contains("ec60f27c-f718-4d"), listing); // the sample Claude Code session
    }

    @Test
    void jbang_runsTheJavaApiExample() throws Exception {
        requireJbang();
        Path traces = jbangHome.resolve("traces");
        String out = jbangRun(JbangCatalogTest.ROOT.resolve("examples/BasicAgent.java").toString(), traces.toString());
        assertTrue(out.startsWith("recorded session "), out);
        try (var dirs = Files.list(traces)) {
            assertEquals(1, dirs.count());
        }
    }

    private static void requireJbang() {
        try {
            Class.forName("dev.jbang.Main");
        } catch (ClassNotFoundException e) {
            String msg = "JbangIT SKIPPED: dev.jbang:jbang-cli is not on the integration-test classpath";
            System.err.println("!!! " + msg);
            if ("true".equals(System.getenv("CI"))) {
                fail(msg + " (CI=true: the pom puts it there, so this is a build problem)");
            }
            Assumptions.abort(msg);
        }
    }

    /** Runs jbang offline on a script with arguments, then the java command it prints; returns that run's stdout. */
    private String jbangRun(String script, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.jbang.Main", "--offline", script));
        cmd.addAll(List.of(args));
        Path stdout = Files.createTempFile(jbangHome, "jbang", ".out");
        Path stderr = Files.createTempFile(jbangHome, "jbang", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().put("JBANG_DIR", jbangHome.resolve("home").toString());
        pb.environment().put("JBANG_NO_VERSION_CHECK", "true");
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "jbang did not finish in 5 minutes");
        String printed = Files.readString(stdout).strip();
        assertEquals(255, p.exitValue(), "jbang failed: " + Files.readString(stderr) + printed);
        assertTrue(new File(printed.split(" ")[0]).isAbsolute(), printed);

        // What bin/jbang does with that output: exec it.
        Process run = new ProcessBuilder("sh", "-c", "exec " + printed)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = run.getInputStream().readAllBytes();
        assertTrue(run.waitFor(2, TimeUnit.MINUTES));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, run.exitValue(), text);
        return text;
    }
}
