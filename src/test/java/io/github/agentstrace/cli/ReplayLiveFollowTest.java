package io.github.agentstrace.cli;

import static io.github.agentstrace.replay.TestSessions.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.Sleeper;
import io.github.agentstrace.model.TestClock;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --live with an injected clock and sleeper (nothing sleeps for real). --follow, which waits for the file rather
 * than for a time, is tested in {@code replay/FollowTest} and {@code replay/TailTest}.
 */
class ReplayLiveFollowTest {
    @TempDir
    Path tmp;

    private ReplayCli liveSession() {
        ReplayCli cli = new ReplayCli(tmp.resolve(".agent-traces"));
        TraceStore store = new TraceStore(cli.traceDir);
        store.create(SessionMeta.start("live-1", 1000.0, "agent", ""), Redactor.disabled());
        try (SessionWriter w = store.writer("live-1", Redactor.disabled())) {
            double[] offsets = {0, 0.5, 10.5, 10.6, 10.6};
            String[] types = {"session_start", "user_prompt", "tool_call", "decision", "session_end"};
            for (int i = 0; i < offsets.length; i++) {
                w.append(new TraceEvent(types[i], 1000.0 + offsets[i], "e" + i, "live-1", null, null,
                        map("prompt", "p", "tool_name", "Bash", "choice", "c")));
            }
        }
        return cli;
    }

    private static List<Long> millis(List<Long> nanos) {
        List<Long> ms = new ArrayList<>();
        nanos.forEach(n -> ms.add(Math.round(n / 1e6)));
        return ms;
    }

    @Test
    void live_waitsTheRecordedGapsCappedAtMaxGap() throws Exception {
        ReplayCli cli = liveSession();
        TestClock time = TestClock.fixed(ReplayCli.NOW);
        cli.clock = time;
        CliHarness.Result r = cli.runCommand(new ReplayCommand(time.sleeper()), "--live", "live-1");
        assertEquals(0, r.status(), r.err());
        // Gaps 0.5 s, 10 s (capped to 2 s), 0.1 s, 0 s.
        assertEquals(List.of(500L, 2000L, 100L), millis(time.sleeps()));
        assertTrue(r.out().contains("session_end"));
    }

    @Test
    void live_speedScalesAndMaxGapIsConfigurable() throws Exception {
        ReplayCli cli = liveSession();
        TestClock time = TestClock.fixed(ReplayCli.NOW);
        cli.clock = time;
        cli.runCommand(new ReplayCommand(time.sleeper()), "--speed", "2", "--max-gap", "1", "live-1");
        assertEquals(List.of(250L, 1000L, 50L), millis(time.sleeps()));
    }

    @Test
    void live_subtractsTimeSpentPrinting() throws Exception {
        ReplayCli cli = liveSession();
        TestClock time = TestClock.fixed(ReplayCli.NOW);
        Sleeper inner = time.sleeper();
        cli.clock = new Clock() {
            @Override
            public Instant instant() {
                return time.instant();
            }

            @Override
            public long nanoTime() {
                time.advance(Duration.ofMillis(100)); // every look at the monotonic clock costs 100 ms
                return time.nanoTime();
            }
        };
        cli.runCommand(new ReplayCommand(inner), "--live", "live-1");
        // Due at 0.5, 2.5, 2.6 s after the start; each check finds the clock 100 ms later than the last.
        assertEquals(List.of(400L, 1900L), millis(time.sleeps()));
    }

    @Test
    void live_interruptStopsQuietly() throws Exception {
        ReplayCli cli = liveSession();
        TestClock time = TestClock.fixed(ReplayCli.NOW);
        cli.clock = time;
        CliHarness.Result r = cli.runCommand(new ReplayCommand(n -> {
            throw new InterruptedException();
        }), "--live", "--no-header", "live-1");
        assertTrue(Thread.interrupted(), "interrupt status kept for the caller");
        assertEquals(0, r.status());
        assertEquals("+  0.00s ▶ session_start\n", r.out());
    }
}
