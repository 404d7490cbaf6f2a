package io.github.agentstrace.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailTest {
    @TempDir
    Path dir;

    @Test
    void poll_holdsBackAPartialLineUntilItsNewlineArrives() throws Exception {
        Path f = dir.resolve("events.ndjson");
        List<String> lines = new ArrayList<>();
        try (Tail tail = new Tail(f)) {
            assertEquals(0, tail.poll(lines::add)); // file not there yet
            Files.writeString(f, "one\ntw", StandardCharsets.UTF_8);
            assertEquals(1, tail.poll(lines::add));
            Files.writeString(f, "o ü\nthree\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            assertEquals(2, tail.poll(lines::add));
            assertEquals(0, tail.poll(lines::add));
        }
        assertEquals(List.of("one", "two ü", "three"), lines);
    }
}
