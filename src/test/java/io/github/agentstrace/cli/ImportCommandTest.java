package io.github.agentstrace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.term.ColorMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code import} of what is not a transcript: exit 1, one line saying why, nothing created. */
class ImportCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        Context ctx = new Context(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), tmp, Clock.system(), null,
                ColorMode.NEVER, false);
        return new Main().run(List.of(args), ctx);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad.jsonl|not json|is not a Claude Code transcript: no line of it is a JSON object",
            "empty.jsonl||is empty, not a Claude Code transcript",
            "settings.json|{\"theme\": \"dark\", \"hooks\": {}}|is not a Claude Code transcript: no line of it is a user or assistant message",
            "summary.jsonl|{\"type\":\"summary\",\"summary\":\"x\",\"leafUuid\":\"u\"}|is not a Claude Code transcript: no line of it is a user or assistant message",
    })
    void import_ofAFileThatIsNotATranscriptFailsAndCreatesNothing(String name, String content, String why) throws Exception {
        Path file = Files.writeString(tmp.resolve(name), content == null ? "" : content + "\n");
        Path traces = tmp.resolve("traces");
        assertEquals(1, run("--trace-dir", traces.toString(), "import", file.toString()));
        assertEquals("agent-strace import: " + file + " " + why
                + (why.startsWith("is empty") ? "" : " (expected the JSON lines of ~/.claude/projects/<project>/<session>.jsonl)")
                + "\n", err());
        assertFalse(Files.exists(traces), "the import created " + traces);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void import_ofADirectoryFailsAndCreatesNothing() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("projects"));
        Path traces = tmp.resolve("traces");
        assertEquals(1, run("--trace-dir", traces.toString(), "import", dir.toString()));
        assertEquals("agent-strace import: " + dir + " is a directory, not a transcript (a .jsonl file;"
                + " 'import --discover' lists them)\n", err());
        assertFalse(Files.exists(traces));
    }

    @Test
    void import_ofATranscriptWithoutTimesStartsWhenTheFileWasWritten() throws Exception {
        Path file = Files.writeString(tmp.resolve("notime.jsonl"),
                "{\"type\":\"user\",\"sessionId\":\"notime-1\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_795_000_000_000L));
        Path traces = tmp.resolve("traces");
        assertEquals(0, run("--trace-dir", traces.toString(), "import", file.toString()), err());
        var meta = new io.github.agentstrace.store.TraceStore(traces).readMeta("notime-1");
        assertEquals(1_795_000_000.0, meta.startedAt(), 1e-3, "not 1970");
        assertTrue(meta.finished(), "an import is a finished session, never 'running'");
    }
}
