package io.github.agentstrace.replay;

import static io.github.agentstrace.replay.TestSessions.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.Sleeper;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.Ansi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --follow} against a session that another thread appends to, in real time: whatever the
 * interleaving, the output is the same (complete lines only, up to session_end), so nothing here waits for
 * a moment or measures one. How fast a line shows up is measured by {@code bench/follow-latency.sh}.
 */
class FollowTest {
    @TempDir
    Path tmp;

    private static Replay.Options follow() {
        return new Replay.Options(RenderOptions.defaults(), EventFilter.all(), false, false, 1, 2, true, false);
    }

    @Test
    void follow_printsEventsAppendedWhileFollowingUntilSessionEnd() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        store.create(SessionMeta.start("rec-1", 1000.0, "agent", ""), Redactor.disabled());
        Path file = store.eventsFile("rec-1");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> warnings = new ArrayList<>();
        try (SessionWriter w = store.writer("rec-1", Redactor.disabled());
             PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            w.append(new TraceEvent("session_start", 1000.0, "e0", "rec-1", null, null, map()));
            Replay replay = new Replay(store, PriceTable.load(null), out, new Ansi(false),
                    Clock.at(System::nanoTime, () -> 1010.0), Sleeper.system(), warnings::add);
            CompletableFuture<Long> follower = CompletableFuture.supplyAsync(() -> replay.run("rec-1", follow()));
            String call = new TraceEvent("tool_call", 1001.0, "c1", "rec-1", null, null,
                    map("tool_name", "Bash", "arguments", map("command", "make"))).toLine();
            append(file, call.substring(0, 20)); // a line still being written
            append(file, call.substring(20) + "\n");
            w.append(new TraceEvent("tool_result", 1002.5, "r1", "rec-1", "c1", null,
                    map("tool_name", "Bash", "result", map("stdout", "built", "exit_code", 0))));
            w.append(new TraceEvent("session_end", 1003.0, "e9", "rec-1", null, null, map("exit_code", 0)));
            // Lines after session_end are not waited for.
            w.append(new TraceEvent("user_prompt", 1004.0, "late", "rec-1", null, null, map("prompt", "late")));
            assertEquals(4L, follower.get(60, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), warnings, "a line being written is never parsed half-way");
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("""
                +  0.00s ▶ session_start
                +  1.00s → tool_call Bash
                                $ make
                +  2.50s ← tool_result Bash (1.50s)
                                built
                +  3.00s ■ session_end exit=0

                """, shown);
        assertFalse(shown.contains("late"));
        assertTrue(Files.readString(file, StandardCharsets.UTF_8).contains("late"));
    }

    /** An interrupt (how a caller stops following) ends the replay quietly with what was printed. */
    @Test
    void follow_interruptStopsQuietlyWithWhatWasPrinted() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        store.create(SessionMeta.start("rec-2", 1000.0, "agent", ""), Redactor.disabled());
        try (SessionWriter w = store.writer("rec-2", Redactor.disabled())) {
            w.append(new TraceEvent("session_start", 1000.0, "e0", "rec-2", null, null, map()));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // The follower interrupts itself as soon as it has printed the first event, like a Ctrl-C
        // arriving after it: reads are not interruptible, so the interrupt lands in the wait.
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8) {
            @Override
            public PrintStream append(CharSequence csq) {
                super.append(csq);
                Thread.currentThread().interrupt();
                return this;
            }
        };
        CompletableFuture<String> follower = CompletableFuture.supplyAsync(() -> {
            long shown = new Replay(store, PriceTable.load(null), out, new Ansi(false),
                    Clock.at(System::nanoTime, () -> 1010.0), Sleeper.system(), w -> { }).run("rec-2", follow());
            return shown + " " + Thread.interrupted();
        });
        assertEquals("0 true", follower.get(60, TimeUnit.SECONDS), "returns quietly, interrupt status kept");
        assertEquals("+  0.00s ▶ session_start\n", bytes.toString(StandardCharsets.UTF_8));
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
