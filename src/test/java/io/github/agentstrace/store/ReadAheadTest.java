package io.github.agentstrace.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading ahead on a second thread gives exactly what reading on the caller's thread gives, and stays bounded. */
class ReadAheadTest {
    @TempDir
    Path tmp;

    /** Every way a line can be: events of every size (one of 5 MB), blank lines, garbage, bad UTF-8, a torn end. */
    private TraceStore messySession(String id) throws IOException {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        store.create(SessionMeta.start(id, 1.0, "", ""), Redactor.disabled());
        Random r = new Random(42);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 3000; i++) {
            int kind = r.nextInt(40);
            String line;
            if (kind == 0) {
                line = "not json " + i;
            } else if (kind == 1) {
                line = "   ";
            } else if (kind == 2) {
                line = "{\"no_type\":" + i + "}";
            } else {
                String text = i == 1500 ? "x".repeat(5 << 20) : "naïve λ " + "y".repeat(r.nextInt(kind == 3 ? 40_000 : 200));
                line = TraceEvent.of(EventType.TOOL_RESULT, 2 + i, "e" + i, id, null, null, Map.of("n", i, "text", text))
                        .toLine();
            }
            out.write(line.getBytes(StandardCharsets.UTF_8));
            if (i == 777) {
                out.write(new byte[] {(byte) 0xff, (byte) 0xfe}); // invalid UTF-8 inside a line: that line is garbage
            }
            out.write('\n');
        }
        out.write("{\"event_type\":\"tool_call\",\"timest".getBytes(StandardCharsets.UTF_8)); // torn by a crash
        Files.write(store.eventsFile(id), out.toByteArray());
        return store;
    }

    private record Read(List<String> lines, List<String> warnings) {
    }

    private static Read readLines(SessionReader reader, List<String> warnings) {
        List<String> lines = new ArrayList<>();
        reader.forEachLine((e, line) -> {
            assertEquals(e, TraceEvent.parseLine(line));
            lines.add(line);
        });
        return new Read(lines, List.copyOf(warnings));
    }

    @Test
    void aheadAndInline_giveTheSameEventsLinesAndWarningsInTheSameOrder() throws IOException {
        TraceStore store = messySession("m1");
        assertTrue(Files.size(store.eventsFile("m1")) > ReadAhead.FROM_BYTES, "the file is one a real reader reads ahead");

        List<String> w1 = new ArrayList<>();
        Read inline = readLines(store.reader("m1", w1::add).readAheadFrom(Long.MAX_VALUE), w1);
        List<String> w2 = new ArrayList<>();
        Read ahead = readLines(store.reader("m1", w2::add).readAheadFrom(0), w2);

        assertEquals(inline.lines().size(), ahead.lines().size());
        assertEquals(inline.lines(), ahead.lines());
        assertEquals(inline.warnings(), ahead.warnings());
        assertTrue(inline.lines().size() > 2500, "events read: " + inline.lines().size());
        assertTrue(inline.warnings().size() > 50, "warnings: " + inline.warnings().size());
        assertTrue(inline.warnings().get(inline.warnings().size() - 1).contains("line 3001:"), "the torn end is warned about");

        // The stream of events, as the session model reads it: warnings arrive as reading reaches their line.
        List<String> order = new ArrayList<>();
        try (Stream<TraceEvent> s = store.reader("m1", w -> order.add("warning " + w)).readAheadFrom(0).events()) {
            s.forEachOrdered(e -> order.add("event " + e.eventId()));
        }
        List<String> inlineOrder = new ArrayList<>();
        try (Stream<TraceEvent> s = store.reader("m1", w -> inlineOrder.add("warning " + w)).readAheadFrom(Long.MAX_VALUE)
                .events()) {
            s.forEachOrdered(e -> inlineOrder.add("event " + e.eventId()));
        }
        assertEquals(inlineOrder, order);
    }

    @Test
    void closingEarly_stopsTheThreadAndReleasesTheFile() throws Exception {
        TraceStore store = messySession("c1");
        for (int round = 0; round < 20; round++) {
            try (Stream<TraceEvent> s = store.reader("c1", w -> { }).readAheadFrom(0).events()) {
                Iterator<TraceEvent> it = s.iterator();
                for (int i = 0; i < 10 && it.hasNext(); i++) {
                    it.next();
                }
            }
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        String file = store.eventsFile("c1").toString();
        while (readAheadThreads(file) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, readAheadThreads(file), "read-ahead threads left running after their streams were closed");
    }

    private static ParsedLines.Inline inline(InputStream in) {
        return new ParsedLines.Inline(new Utf8Lines(in), Path.of("events.ndjson"));
    }

    /** The index just past the {@code n}th line end. */
    private static int nthLineEnd(CharSequence text, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = text.toString().indexOf('\n', at + 1);
        }
        return at + 1;
    }

    private static long readAheadThreads(String file) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("agent-strace read-ahead " + file) && t.isAlive()).count();
    }

    @Test
    void theReadingThreadStaysAFewBatchesAhead_memoryDoesNotGrowWithTheFile() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            text.append(TraceEvent.of(EventType.DECISION, i, "d" + i, null, null, null, Map.of()).toLine()).append('\n');
        }
        byte[] file = text.toString().getBytes(StandardCharsets.UTF_8);
        AtomicInteger bytesRead = new AtomicInteger();
        InputStream counting = new ByteArrayInputStream(file) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                bytesRead.addAndGet(Math.max(0, n));
                return n;
            }
        };
        ReadAhead ahead = new ReadAhead(inline(counting), Path.of("events.ndjson"), false);
        try {
            assertEquals(ParsedLines.Kind.EVENT, ahead.advance());
            Thread.sleep(300); // the reading thread fills what it may, then waits
            int read = bytesRead.get();
            assertTrue(read <= 2 << 16, "read " + read + " of " + file.length + " bytes ahead of a caller that took one event");
            for (int i = 1; i < 1000; i++) {
                assertEquals(ParsedLines.Kind.EVENT, ahead.advance());
                assertEquals("d" + i, ahead.event().eventId());
            }
        } finally {
            ahead.close();
        }
    }

    @Test
    void anErrorOfTheReadingThread_reachesTheCallerWhereItHappened() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            text.append(TraceEvent.of(EventType.DECISION, i, "d" + i, null, null, null, Map.of()).toLine()).append('\n');
        }
        byte[] first40 = text.substring(0, nthLineEnd(text, 40)).getBytes(StandardCharsets.UTF_8);
        InputStream failing = new InputStream() {
            private int pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos == first40.length) {
                    throw new IOException("disk on fire");
                }
                int n = Math.min(len, first40.length - pos);
                System.arraycopy(first40, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        ReadAhead ahead = new ReadAhead(inline(failing), Path.of("events.ndjson"), true);
        try {
            for (int i = 0; i < 40; i++) {
                assertEquals(ParsedLines.Kind.EVENT, ahead.advance(), "event " + i);
                assertEquals("d" + i, ahead.event().eventId());
                assertEquals(ahead.event(), TraceEvent.parseLine(ahead.line()));
            }
            UncheckedIOException e = assertThrows(UncheckedIOException.class, ahead::advance);
            assertEquals("disk on fire", e.getCause().getMessage());
        } finally {
            ahead.close();
        }
    }

    @Test
    void anInterruptedCaller_getsAnErrorAndKeepsItsInterrupt() throws Exception {
        InputStream never = new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    Thread.sleep(60_000); // a file that never answers
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                return -1;
            }
        };
        Path file = tmp.resolve("never/events.ndjson");
        ReadAhead ahead = new ReadAhead(inline(never), file, false);
        Thread.currentThread().interrupt();
        try {
            StoreException e = assertThrows(StoreException.class, ahead::advance);
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller's caller");
        } finally {
            Thread.interrupted();
            ahead.close();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (readAheadThreads(file.toString()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(readAheadThreads(file.toString()) > 0, "the reading thread stopped");
    }
}
