package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.agentstrace.testsupport.TestJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar with {@code java -jar}, and the {@code bin/agent-strace} launcher around it. */
class CliIT {
    @TempDir
    Path tmp;
    Path jar;
    Path launcher;
    Path traces;

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        jar = TestJar.path();
        assertTrue(Files.isRegularFile(jar), "build the jar first (mvn package): " + jar);
        launcher = Path.of(System.getProperty("basedir", "."), "bin", "agent-strace").toAbsolutePath();
        traces = CliHarness.copyFixtures(tmp.resolve("traces"));
    }

    private Run run(List<String> command, Map<String, String> env, String stdin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.environment().remove("AGENT_TRACE_DIR");
        pb.environment().remove("AGENT_STRACE_JAVA_OPTS");
        pb.environment().remove("AGENT_STRACE_DEBUG");
        pb.environment().putAll(env);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Run jar(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(TestJar.java(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return run(cmd, Map.of(), "");
    }

    private Run launcher(Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        return run(cmd, env, stdin);
    }

    @Test
    void javaJar_versionComesFromTheManifest() throws Exception {
        Run r = jar("--version");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().matches("agent-strace \\d+\\.\\d+\\.\\d+.*\n"), r.toString());
    }

    @Test
    void javaJar_listAndInspectAndExitCodes() throws Exception {
        Run list = jar("--trace-dir", traces.toString(), "list");
        assertEquals(0, list.exit(), list.toString());
        assertEquals(ListCommandTest.TABLE, list.out());
        Run inspect = jar("inspect", "a0e7", "--trace-dir", "traces");
        assertEquals(0, inspect.exit(), inspect.toString());
        assertTrue(inspect.out().contains("\"session_id\": \"a0e78b1d5c424034\""));

        Run usage = jar("lsit");
        assertEquals(2, usage.exit());
        assertTrue(usage.err().startsWith("agent-strace: unknown command 'lsit' (did you mean list?)"), usage.toString());
        Run data = jar("--trace-dir", "traces", "inspect", "nosuch");
        assertEquals(1, data.exit());
        assertEquals("agent-strace inspect: Session not found: nosuch\n", data.err());
        assertEquals(2, jar().exit());
    }

    @Test
    void launcher_runsTheJarAndPassesExitCodesThrough() throws Exception {
        assumeTrue(Files.isExecutable(launcher), "bin/agent-strace is not executable");
        Run list = launcher(Map.of("AGENT_TRACE_DIR", traces.toString()), "", "list");
        assertEquals(0, list.exit(), list.toString());
        assertEquals(ListCommandTest.TABLE, list.out());
        assertEquals(2, launcher(Map.of(), "", "lsit").exit());
        Run data = launcher(Map.of(), "", "--trace-dir", traces.toString(), "inspect", "../x");
        assertEquals(1, data.exit());
        assertTrue(data.err().startsWith("agent-strace inspect: invalid session id '../x'"), data.toString());
        Run version = launcher(Map.of("AGENT_STRACE_JAVA_OPTS", "-Xmx64m -Dfile.encoding=UTF-8"), "", "--version");
        assertEquals(0, version.exit(), version.toString());
    }

    /** A stand-in java records what the launcher hands it: JAVA_HOME wins, options, args, stdin, status. */
    @Test
    void launcher_forwardsArgumentsStdinStreamsAndStatusToJavaFromJavaHome() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("fakejdk/bin"));
        Path java = home.resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                for a in "$@"; do printf '[%s]\\n' "$a"; done
                echo "stdin:$(cat)"
                echo "to stderr" >&2
                exit 42
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Run r = launcher(Map.of("JAVA_HOME", tmp.resolve("fakejdk").toString(),
                "AGENT_STRACE_JAVA_OPTS", "-Xmx64m -Dx=1"), "hello from stdin\n",
                "list", "a b", "", "$HOME", "*", "--", "-x", "'q'");
        assertEquals(42, r.exit(), r.toString());
        assertEquals("to stderr\n", r.err());
        String jarLine = "[" + launcher.getParent().getParent().resolve("target/agent-strace.jar").normalize() + "]";
        List<String> lines = r.out().lines().toList();
        // The launcher's own JVM options for a read command come first, the user's last (so they win).
        int jar = lines.indexOf("[-jar]");
        assertTrue(jar >= 2, r.toString());
        assertEquals(List.of("[-Xmx64m]", "[-Dx=1]"), lines.subList(jar - 2, jar));
        assertTrue(lines.subList(0, jar - 2).stream().allMatch(l -> l.startsWith("[-X")), lines.toString());
        assertEquals(jarLine, Path.of(lines.get(jar + 1).substring(1, lines.get(jar + 1).length() - 1)).normalize()
                .toString().transform(s -> "[" + s + "]"));
        assertEquals(List.of("[list]", "[a b]", "[]", "[$HOME]", "[*]", "[--]", "[-x]", "['q']", "stdin:hello from stdin"),
                lines.subList(jar + 2, lines.size()));
    }

    @Test
    void launcher_foundThroughASymlinkAndFailsClearlyWithoutAJar() throws Exception {
        Path link = tmp.resolve("agent-strace-link");
        Files.createSymbolicLink(link, launcher);
        Run viaLink = run(List.of(link.toString(), "--version"), Map.of(), "");
        assertEquals(0, viaLink.exit(), viaLink.toString());

        Path lonely = Files.createDirectories(tmp.resolve("lonely/bin")).resolve("agent-strace");
        Files.copy(launcher, lonely);
        Run missing = run(List.of(lonely.toString(), "list"), Map.of(), "");
        assertEquals(3, missing.exit());
        assertTrue(missing.err().startsWith("agent-strace: cannot find agent-strace.jar"), missing.toString());
    }

    @Test
    void javaJar_stackTraceForDataErrorsOnlyWhenAsked() throws Exception {
        Run plain = jar("--trace-dir", "traces", "inspect", "nosuch");
        assertEquals(1, plain.exit());
        assertEquals(1, plain.err().lines().count(), plain.toString());
        Run traced = jar("--stacktrace", "--trace-dir", "traces", "inspect", "nosuch");
        assertEquals(1, traced.exit());
        assertTrue(traced.err().contains("\tat io.github.agentstrace.store.TraceStore.resolve"), traced.toString());
    }

    /** 100,000 events through a 24 MB heap: inspect must stream, not collect (the events alone need more). */
    @Test
    void javaJar_inspectsAHugeSessionInConstantMemory() throws Exception {
        Path session = Files.createDirectories(traces.resolve("huge0000"));
        Files.writeString(session.resolve("meta.json"), "{\"session_id\": \"huge0000\", \"started_at\": 1.0}");
        int events = 100_000;
        try (var w = Files.newBufferedWriter(session.resolve("events.ndjson"))) {
            for (int i = 0; i < events; i++) {
                w.write("{\"event_type\":\"tool_call\",\"timestamp\":" + (1795477017 + i)
                        + ".25,\"event_id\":\"e" + i + "\",\"data\":{\"tool_name\":\"Bash\",\"arguments\":"
                        + "{\"command\":\"echo " + "x".repeat(100) + " " + i + "\",\"n\":[1,2,3]}}}\n");
            }
        }
        ProcessBuilder pb = new ProcessBuilder(TestJar.java(),
                "-Xmx24m", "-jar", jar.toString(), "--trace-dir", traces.toString(), "inspect", "huge0000")
                .redirectOutput(tmp.resolve("huge.json").toFile()).redirectError(tmp.resolve("huge.err").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "inspect timed out");
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("huge.err")));
        assertEquals("", Files.readString(tmp.resolve("huge.err")));
        long eventLines;
        try (var lines = Files.lines(tmp.resolve("huge.json"))) {
            eventLines = lines.filter(l -> l.equals("      \"event_type\": \"tool_call\",")).count();
        }
        assertEquals(events, eventLines);
    }
}
