package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.agentstrace.export.ExportFixtures;
import io.github.agentstrace.model.TestClock;
import io.github.agentstrace.replay.Golden;
import io.github.agentstrace.term.ColorMode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files of what people read: our CSV and OTLP JSON for the three fixture sessions, in
 * {@code src/test/resources/export/ours/}. After an intended change, regenerate them with
 * {@code mvn test -Dtest=ExportGoldenTest -Dgolden.update=true} and review the diff.
 */
class ExportGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/export/ours");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"a-hooks", "b-decorator", "c-stdio-proxy"})
    void csvAndOtlpJson_matchTheGoldenFiles(String fixture) throws IOException {
        Path traces = ExportFixtures.copySessions(tmp.resolve("traces"));
        String id = ExportFixtures.SESSIONS.get(fixture);
        check(fixture + "/export.csv", run(traces, id, "--format", "csv"));
        check(fixture + "/export.otlp.json", run(traces, id, "--format", "otlp"));
    }

    private static void check(String name, String actual) {
        Golden.assertMatches(GOLDEN.resolve(name), actual);
    }

    private String run(Path traces, String... args) {
        CliHarness h = new CliHarness(tmp);
        h.clock = TestClock.fixed(Instant.parse("2026-11-24T00:00:00Z"));
        h.color = ColorMode.NEVER;
        List<String> argv = new java.util.ArrayList<>(List.of("--trace-dir", traces.toString(), "export"));
        argv.addAll(List.of(args));
        CliHarness.Result r = h.run(argv.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        return r.out();
    }
}
