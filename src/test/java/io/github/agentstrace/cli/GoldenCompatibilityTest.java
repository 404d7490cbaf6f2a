package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code list} and {@code inspect} print, byte for byte, what the Python original printed for the same
 * sessions (its outputs are in src/test/resources/golden; it always colours, hence {@code --color always}).
 */
class GoldenCompatibilityTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"3b9e1f4a-6c2d-4f", "a9fa908b3ec146e3", "a0e78b1d5c424034"})
    void listAndInspect_matchTheOriginalsOutput(String id) throws IOException, URISyntaxException {
        Path traces = Files.createDirectories(tmp.resolve("traces"));
        Path src = Path.of(getClass().getResource("/fixtures/" + id).toURI());
        Files.createDirectories(traces.resolve(id));
        for (String f : List.of("meta.json", "events.ndjson")) {
            Files.copy(src.resolve(f), traces.resolve(id).resolve(f));
        }
        Path golden = Path.of(getClass().getResource("/golden/" + id).toURI());
        CliHarness cli = new CliHarness(tmp);
        CliHarness.Result inspect = cli.run("--trace-dir", traces.toString(), "inspect", id);
        assertEquals(Files.readString(golden.resolve("inspect.json")), inspect.out());
        CliHarness.Result list = cli.run("--trace-dir", traces.toString(), "list", "--color", "always");
        // The one deliberate difference from the original: a counted noun ("1 session") for "session(s)".
        assertEquals(Files.readString(golden.resolve("list.ansi.txt")).replace("  1 session(s)\n", "  1 session\n"),
                list.out());
    }
}
