package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.agentstrace.export.ExportFixtures;
import io.github.agentstrace.model.TestClock;
import io.github.agentstrace.term.ColorMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

    private static void check(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual,
                name + " changed; if intended, rerun with -Dgolden.update=true and review the diff");
    }

    private String run(Path traces, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Context ctx = new Context(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), tmp,
                TestClock.fixed(Instant.parse("2026-11-24T00:00:00Z")), null, ColorMode.NEVER, false);
        List<String> argv = new java.util.ArrayList<>(List.of("--trace-dir", traces.toString(), "export"));
        argv.addAll(List.of(args));
        assertEquals(0, new Main().run(argv, ctx), err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
