package io.github.agentstrace.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.Sleeper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailTest {
    @TempDir
    Path dir;

    private static final Sleeper NEVER = n -> {
        throw new AssertionError("slept " + n + " ns");
    };

    @Test
    void poll_holdsBackAPartialLineUntilItsNewlineArrives() throws Exception {
        Path f = dir.resolve("events.ndjson");
        List<String> lines = new ArrayList<>();
        try (Tail tail = new Tail(f, NEVER)) {
            assertEquals(0, tail.poll(lines::add)); // file not there yet
            Files.writeString(f, "one\ntw", StandardCharsets.UTF_8);
            assertEquals(1, tail.poll(lines::add));
            Files.writeString(f, "o ü\nthree\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            assertEquals(2, tail.poll(lines::add));
            assertEquals(0, tail.poll(lines::add));
        }
        assertEquals(List.of("one", "two ü", "three"), lines);
    }

    @Test
    void poll_startsOverWhenTheFileIsTruncated() throws Exception {
        Path f = dir.resolve("events.ndjson");
        List<String> lines = new ArrayList<>();
        try (Tail tail = new Tail(f, NEVER)) {
            Files.writeString(f, "a long first line\n", StandardCharsets.UTF_8);
            tail.poll(lines::add);
            Files.writeString(f, "new\n", StandardCharsets.UTF_8);
            tail.poll(lines::add);
        }
        assertEquals(List.of("a long first line", "new"), lines);
    }

    /** Without change notification: a short sleep between looks (never a spin, never longer than asked). */
    @Test
    void await_withoutNotificationSleepsAShortPollInterval() throws Exception {
        List<Long> sleeps = new ArrayList<>();
        Path f = dir.resolve("events.ndjson");
        List<String> lines = new ArrayList<>();
        try (Tail tail = new Tail(f, n -> {
            sleeps.add(n);
            append(f, "line " + sleeps.size() + "\n");
        })) {
            assertFalse(tail.notified());
            tail.await(1_000_000_000L);
            tail.poll(lines::add);
            tail.await(10_000_000L);
            tail.poll(lines::add);
        }
        assertEquals(List.of(Tail.POLL_NANOS, 10_000_000L), sleeps);
        assertTrue(Tail.POLL_NANOS > 0 && Tail.POLL_NANOS <= 100_000_000L, "a new line is seen within 100 ms");
        assertEquals(List.of("line 1", "line 2"), lines);
    }

    /**
     * With change notification (Linux, Windows): an append wakes a wait that would otherwise last a
     * minute, and its line is read. Nothing here depends on how fast the machine is.
     */
    @Test
    void await_wakesWhenALineIsAppended() throws Exception {
        Path f = dir.resolve("events.ndjson");
        Files.writeString(f, "first\n", StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        long limit = TimeUnit.SECONDS.toNanos(60);
        try (Tail tail = Tail.watching(f, NEVER)) {
            Assumptions.assumeTrue(tail.notified(), "no native change notification on this platform");
            tail.poll(lines::add);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> append(f, "second\n"));
            long start = System.nanoTime();
            while (lines.size() < 2) {
                tail.await(limit);
                assertTrue(System.nanoTime() - start < limit, "woken by the append, not by the time limit");
                tail.poll(lines::add);
            }
            writer.get(60, TimeUnit.SECONDS);
        }
        assertEquals(List.of("first", "second"), lines);
    }

    @Test
    void await_interruptedWhileWaitingThrows() throws Exception {
        Path f = dir.resolve("events.ndjson");
        try (Tail tail = Tail.watching(f, n -> {
            throw new InterruptedException();
        })) {
            Thread.currentThread().interrupt();
            try {
                tail.await(TimeUnit.SECONDS.toNanos(60));
                throw new AssertionError("await returned");
            } catch (InterruptedException expected) {
                // the caller stops following
            } finally {
                Thread.interrupted(); // whichever way it went, the next test starts uninterrupted
            }
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
