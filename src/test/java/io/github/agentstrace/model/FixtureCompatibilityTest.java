package io.github.agentstrace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every session the Python original wrote (copied from the shared fixtures into test resources) loads,
 * and re-serialises byte for byte: event lines and meta.json alike.
 */
class FixtureCompatibilityTest {

    static Stream<Path> sessions() throws IOException, URISyntaxException {
        Path root = Path.of(FixtureCompatibilityTest.class.getResource("/fixtures").toURI());
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(dirs.size() >= 3, "fixture sessions missing from src/test/resources/fixtures");
        return dirs.stream();
    }

    @ParameterizedTest
    @MethodSource("sessions")
    void everyEventLineReserialisesByteIdentical(Path session) throws IOException {
        List<String> lines = Files.readAllLines(session.resolve("events.ndjson"), StandardCharsets.UTF_8);
        assertFalse(lines.isEmpty());
        int n = 0;
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            TraceEvent e = TraceEvent.parseLine(line);
            assertNotNull(e.kind(), "unknown type in a fixture: " + e.type());
            assertEquals(line, e.toLine(), session.getFileName() + " line " + (n + 1));
            n++;
        }
        assertTrue(n > 5);
    }

    @ParameterizedTest
    @MethodSource("sessions")
    void metaJsonReserialisesByteIdentical(Path session) throws IOException {
        String original = Files.readString(session.resolve("meta.json"), StandardCharsets.UTF_8);
        SessionMeta meta = SessionMeta.fromJson(Json.parse(original));
        assertEquals(session.getFileName().toString(), meta.sessionId());
        assertEquals(original, Json.write(meta.toJson(), Json.Style.PRETTY_ASCII));
    }

    @ParameterizedTest
    @MethodSource("sessions")
    void metaCountersAgreeWithTheEvents(Path session) throws IOException {
        SessionMeta meta = SessionMeta.fromJson(Json.parse(Files.readAllBytes(session.resolve("meta.json"))));
        SessionMeta counted = SessionMeta.start(meta.sessionId(), meta.startedAt(), "", "");
        for (String line : Files.readAllLines(session.resolve("events.ndjson"))) {
            if (!line.isEmpty()) {
                counted = counted.counting(TraceEvent.parseLine(line));
            }
        }
        assertEquals(meta.toolCalls(), counted.toolCalls());
        assertEquals(meta.llmRequests(), counted.llmRequests());
        assertEquals(meta.errors(), counted.errors());
    }
}
