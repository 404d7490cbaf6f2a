package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.testsupport.TestJar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay and stats through the real jar: stdout is a pipe here, so no colour and no width limit. */
class ReplayIT {
    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(TestJar.java(),
                "-jar", TestJar.path().toString(), "--trace-dir", tmp.resolve("t").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("COLUMNS");
        pb.environment().remove("FORCE_COLOR");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void replayAndStats_viaTheJar() throws Exception {
        ReplayCli.copy(Path.of("src/test/resources/fixtures/3b9e1f4a-6c2d-4f"), tmp.resolve("t/3b9e1f4a-6c2d-4f"));
        Run replay = run(Map.of(), "replay");
        assertEquals(0, replay.status(), replay.err());
        assertFalse(replay.out().contains("\033["), "no ANSI into a pipe");
        assertTrue(replay.out().contains("FAILED tests/test_auth.py::test_login - AssertionError: expected True 1 failed"),
                replay.out());
        Run forced = run(Map.of("FORCE_COLOR", "1"), "replay", "--filter", "%error");
        assertTrue(forced.out().contains("\033[31m"), forced.out());
        Run stats = run(Map.of(), "stats", "--json");
        assertEquals(0, stats.status(), stats.err());
        assertEquals(6L, ((Number) Json.asObject(Json.asObject(Json.parse(stats.out())).get("totals")).get("tool_calls")).longValue());
        Run bad = run(Map.of(), "replay", "--filter", "nope");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("valid names:"), bad.err());
    }
}
