package io.github.agentstrace.jbang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.agentstrace.testsupport.TestJar;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real jbang ({@code dev.jbang:jbang-cli} from Maven Central, put on the failsafe classpath by
 * the pom) offline on the one-liners the README documents, then runs what it built.
 *
 * <ul>
 *   <li>{@code jbang agent-strace@jbang-catalog.json ...} from a clone: the local catalog's alias.</li>
 *   <li>{@code jbang agent-strace@agentstrace/agent-strace ...}, the README's GitHub form, resolved offline:
 *       jbang first looks for {@code agentstrace/agent-strace/jbang-catalog.json} under the working
 *       directory, so a link there to this checkout makes it read this catalog. What this cannot check is
 *       the download from GitHub itself.</li>
 *   <li>{@code jbang src/main/jbang/AgentStrace.java ...} and {@code jbang examples/BasicAgent.java}.</li>
 * </ul>
 *
 * <p>The Maven jar is jbang without its shell wrapper: on success it exits 255 and prints the java
 * command line that the wrapper would exec, so the test runs that line with {@code sh}. Its pom brings
 * gson 2.10.1, which reads no aliases from any catalog; the pom adds a newer gson, put first here.
 */
class JbangIT {
    private static final Path ROOT = JbangCatalogTest.ROOT;
    private static final String EXAMPLES = ROOT.resolve(".agent-traces.example").toString();
    private static final String SAMPLE_SESSION = "ec60f27c-f718-4d"; // the sample Claude Code session

    @TempDir
    Path jbangHome;

    /** The three forms in one jbang home, so the sources are compiled once (jbang caches the build). */
    @Test
    void readmeOneLiners_buildFromTheSourcesAloneWithoutWarningsAndRun() throws Exception {
        requireJbang();
        Run local = jbang(ROOT, "agent-strace@jbang-catalog.json", "--trace-dir", EXAMPLES, "list");
        assertTrue(local.stdout().contains(SAMPLE_SESSION), local.stdout());
        assertTrue(local.jbangErr().contains("Building jar"), "a first build: " + local.jbangErr());
        assertFalse(local.jbangErr().contains("warning"), "javac warnings on the first build: " + local.jbangErr());

        Path cwd = Files.createDirectories(jbangHome.resolve("cwd/agentstrace"));
        Files.createSymbolicLink(cwd.resolve("agent-strace"), ROOT);
        Run github = jbang(cwd.getParent(), "agent-strace@agentstrace/agent-strace", "--trace-dir", EXAMPLES, "list");
        assertEquals(local.stdout(), github.stdout());

        Run script = jbang(ROOT, "src/main/jbang/AgentStrace.java", "--trace-dir", EXAMPLES, "replay", "ec60",
                "--no-header");
        assertTrue(script.stdout().contains("$ echo hello-from-bash"), script.stdout());
    }

    @Test
    void javaApiExample_recordsASession() throws Exception {
        requireJbang();
        Path traces = jbangHome.resolve("traces");
        Run run = jbang(ROOT, "examples/BasicAgent.java", traces.toString());
        assertTrue(run.stdout().startsWith("recorded session "), run.stdout());
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

    /** What jbang printed on stderr while building, and what the built program printed on stdout. */
    record Run(String jbangErr, String stdout) {
    }

    /** Runs jbang offline in {@code cwd} with arguments, then the java command it prints. */
    private Run jbang(Path cwd, String... args) throws Exception {
        String java = TestJar.java();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", jbangClasspath(), "dev.jbang.Main", "--offline"));
        cmd.addAll(List.of(args));
        Path stdout = Files.createTempFile(jbangHome, "jbang", ".out");
        Path stderr = Files.createTempFile(jbangHome, "jbang", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().put("JBANG_DIR", jbangHome.resolve("home").toString());
        pb.environment().put("JBANG_NO_VERSION_CHECK", "true");
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "jbang did not finish in 5 minutes");
        String printed = Files.readString(stdout).strip();
        String jbangErr = Files.readString(stderr);
        assertEquals(255, p.exitValue(), "jbang failed: " + jbangErr + printed);
        assertTrue(new File(printed.split(" ")[0]).isAbsolute(), printed);

        // What bin/jbang does with that output: exec it.
        Process run = new ProcessBuilder("sh", "-c", "exec " + printed).directory(cwd.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = run.getInputStream().readAllBytes();
        assertTrue(run.waitFor(2, TimeUnit.MINUTES));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, run.exitValue(), text);
        return new Run(jbangErr, text);
    }

    /** This JVM's classpath with the newest gson first (see the class comment). */
    private static String jbangClasspath() {
        Pattern gson = Pattern.compile(".*[/\\\\]gson-(\\d+)\\.(\\d+)(?:\\.(\\d+))?\\.jar");
        List<String> entries = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        String newest = entries.stream().filter(e -> gson.matcher(e).matches())
                .max(Comparator.comparingLong(e -> {
                    Matcher m = gson.matcher(e);
                    m.matches();
                    return Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)) * 1_000
                            + (m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
                }))
                .orElseThrow(() -> new AssertionError("no gson on the integration-test classpath"));
        entries.remove(newest);
        entries.add(0, newest);
        return String.join(File.pathSeparator, entries);
    }
}
