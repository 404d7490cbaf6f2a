package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.testsupport.TestJar;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry of trace directories fed the way it is in use: real {@code java -jar} hook processes record two
 * Claude Code sessions (Claude's real payloads) in two projects, each into its own {@code .agent-traces};
 * then {@code list}, {@code search}, {@code report} and {@code clusters} with {@code --all}, run from a third
 * directory, read both.
 */
class AcrossSessionsIT {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run run(Path cwd, Map<String, String> extra, byte[] stdin, String... args) throws Exception {
        String jar = TestJar.path().toString();
        List<String> cmd = new ArrayList<>(List.of(TestJar.java(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().remove("AGENT_TRACE_DIR");
        pb.environment().remove("CLAUDE_PROJECT_DIR");
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        pb.environment().put("COLUMNS", "120");
        pb.environment().putAll(extra);
        File out = dir.resolve("out.txt").toFile();
        File err = dir.resolve("err.txt").toFile();
        pb.redirectOutput(out).redirectError(err);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "process did not finish: " + cmd);
        return new Run(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
    }

    /** Replays one recorded Claude Code session's hook payloads, one hook process each, in the project. */
    private void record(String payloads, Path project) throws Exception {
        Path src = Path.of(AcrossSessionsIT.class.getResource("/claude-code-payloads/" + payloads).toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(src)) {
            files = s.filter(f -> f.getFileName().toString().matches("\\d\\d-.*\\.json")).sorted().toList();
        }
        for (Path f : files) {
            String event = f.getFileName().toString().replaceAll("^\\d\\d-|\\.json$", "");
            Run r = run(project, Map.of("CLAUDE_PROJECT_DIR", project.toString()), Files.readAllBytes(f), "hook", event);
            assertEquals(0, r.exit(), f + ": " + r);
            assertEquals("", r.out() + r.err(), f.toString());
        }
    }

    @Test
    void hooksInTwoProjects_registerBoth_andEveryCommandReadsThemWithAll() throws Exception {
        Path alpha = Files.createDirectories(dir.resolve("home/src/alpha"));
        Path beta = Files.createDirectories(dir.resolve("home/src/beta"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        record("foreground-subagent", alpha);
        record("background-subagent", beta);

        Path registry = dir.resolve("config/agent-strace/trace-dirs");
        assertEquals(List.of(alpha.resolve(".agent-traces").toString(), beta.resolve(".agent-traces").toString()),
                Files.readAllLines(registry), "each trace directory once, in the order first recorded into");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(registry)));

        Run list = run(elsewhere, Map.of(), new byte[0], "list", "--all");
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().contains("~/src/alpha") && list.out().contains("~/src/beta"), list.out());
        assertTrue(list.out().contains("ec60f27c-f718-4d") && list.out().contains("b0e0a9aa-683d-4f"), list.out());
        assertTrue(list.out().contains("↳ "), "subagents under their parents: " + list.out());
        assertTrue(run(elsewhere, Map.of(), new byte[0], "list").out().startsWith("No traces found in "),
                "without --all, only the working directory's traces");

        Run search = run(elsewhere, Map.of(), new byte[0], "search", "--all", "--json", "tool:Bash", "type:tool_call");
        assertEquals(0, search.exit(), search.toString());
        List<String> sessions = search.out().lines().map(l -> (String) Json.asObject(Json.parse(l)).get("session_id"))
                .distinct().toList();
        assertTrue(sessions.contains("ec60f27c-f718-4d") && sessions.contains("b0e0a9aa-683d-4f"), sessions.toString());

        Run report = run(elsewhere, Map.of(), new byte[0], "report", "--all", "--by", "project", "--json");
        assertEquals(0, report.exit(), report.toString());
        List<Object> rows = Json.asArray(Json.asObject(Json.parse(report.out())).get("rows"));
        assertEquals(2, rows.size(), report.out());
        Run clusters = run(elsewhere, Map.of(), new byte[0], "clusters", "--all", "--json");
        assertEquals(0, clusters.exit(), clusters.toString());
        assertEquals(2L, ((Number) Json.asObject(Json.parse(clusters.out())).get("items")).longValue());
    }
}
