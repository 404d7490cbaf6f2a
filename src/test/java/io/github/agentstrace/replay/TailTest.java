package io.github.agentstrace.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Sleeper;
import io.github.agentstrace.model.TraceEvent;
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

/** Waiting for a followed file to change; what is read from it is {@code FollowedEventsTest}'s. */
class TailTest {
    @TempDir
    Path dir;

    private static final Sleeper NEVER = n -> {
        throw new AssertionError("slept " + n + " ns");
    };

    /** Without change notification: a short sleep between looks (never a spin, never longer than asked). */
    @Test
    void await_withoutNotificationSleepsAShortPollInterval() throws Exception {
        List<Long> sleeps = new ArrayList<>();
        Path f = dir.resolve("events.ndjson");
        List<String> lines = new ArrayList<>();
        try (Tail tail = new Tail(f, n -> {
            sleeps.add(n);
            append(f, line("line-" + sleeps.size()));
        })) {
            assertFalse(tail.notified());
            tail.await(1_000_000_000L);
            poll(tail, lines);
            tail.await(10_000_000L);
            poll(tail, lines);
        }
        assertEquals(List.of(Tail.POLL_NANOS, 10_000_000L), sleeps);
        assertTrue(Tail.POLL_NANOS > 0 && Tail.POLL_NANOS <= 100_000_000L, "a new line is seen within 100 ms");
        assertEquals(List.of("line-1", "line-2"), lines);
    }

    /**
     * With change notification (Linux, Windows): an append wakes a wait that would otherwise last a
     * minute, and its line is read. Nothing here depends on how fast the machine is.
     */
    @Test
    void await_wakesWhenALineIsAppended() throws Exception {
        Path f = dir.resolve("events.ndjson");
        Files.writeString(f, line("first"), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        long limit = TimeUnit.SECONDS.toNanos(60);
        try (Tail tail = Tail.watching(f, NEVER)) {
            Assumptions.assumeTrue(tail.notified(), "no native change notification on this platform");
            poll(tail, lines);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> append(f, line("second")));
            long start = System.nanoTime();
            while (lines.size() < 2) {
                tail.await(limit);
                assertTrue(System.nanoTime() - start < limit, "woken by the append, not by the time limit");
                poll(tail, lines);
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

    /** An event line whose id is {@code id}. */
    private static String line(String id) {
        return TraceEvent.of(EventType.USER_PROMPT, 1.0, id, "s", null, null, null).toLine() + "\n";
    }

    /** Polls, adding the ids of the events read to {@code ids}; no line may be bad. */
    private static void poll(Tail tail, List<String> ids) throws java.io.IOException {
        tail.poll(e -> ids.add(e.eventId()), w -> {
            throw new AssertionError(w);
        });
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
