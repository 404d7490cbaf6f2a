package io.github.agentstrace.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.testsupport.TestJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-line appends and exact meta counters with several processes and threads writing at once. */
class StoreConcurrencyTest {
    @TempDir
    Path tmp;

    @Test
    void append_processesAndThreadsAtOnce_everyLineWholeNoneLostCountersExact() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        String id = "concurrent-1";
        store.create(SessionMeta.start(id, 1795477017.0, "t", "c"), Redactor.disabled());
        int processes = 3;
        int threadsPerProcess = 3;
        int perThread = 80;
        String java = TestJar.java();
        String cp = TestJar.classPath(TraceStore.class, AppendMain.class);
        List<Process> started = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            started.add(new ProcessBuilder(java, "-Xshare:auto", "-cp", cp, AppendMain.class.getName(),
                    store.root().toString(), id, "p" + p, String.valueOf(perThread), String.valueOf(threadsPerProcess))
                    .redirectErrorStream(true).start());
        }
        // This JVM's threads write at the same time as the child processes.
        AppendMain.run(store, id, "local", perThread, threadsPerProcess);
        for (Process p : started) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "writer process hung");
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), output);
        }

        int writers = (processes + 1) * threadsPerProcess;
        byte[] raw = Files.readAllBytes(store.eventsFile(id));
        assertEquals('\n', raw[raw.length - 1]);
        List<String> lines = Files.readAllLines(store.eventsFile(id), StandardCharsets.UTF_8);
        assertEquals(writers * perThread, lines.size());
        Set<String> seen = new HashSet<>();
        int tools = 0;
        int llm = 0;
        int errors = 0;
        for (String line : lines) {
            TraceEvent e = TraceEvent.parseLine(line); // throws on a torn or interleaved line
            assertTrue(Json.asString(e.data().get("pad")).endsWith("|end"));
            assertTrue(seen.add(e.data().get("worker") + "/" + e.data().get("seq")), "duplicate " + line);
            switch (e.kind()) {
                case TOOL_CALL -> tools++;
                case LLM_REQUEST -> llm++;
                case ERROR -> errors++;
                default -> { }
            }
        }
        assertEquals(writers * perThread, seen.size());
        SessionMeta meta = store.readMeta(id);
        assertEquals(tools, meta.toolCalls());
        assertEquals(llm, meta.llmRequests());
        assertEquals(errors, meta.errors());
        assertEquals(writers * (perThread / 4), meta.toolCalls());
    }

    @Test
    void updateMeta_concurrentUpdatesAreAtomicAndReadersNeverSeeAPartialFile() throws Exception {
        TraceStore store = new TraceStore(tmp);
        store.create(SessionMeta.start("m", 1.0, "", ""), Redactor.disabled());
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger readFailures = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    store.readMeta("m");
                } catch (RuntimeException e) {
                    readFailures.incrementAndGet();
                }
            }
        });
        reader.start();
        List<Thread> updaters = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 40; i++) {
                    store.updateMeta("m", m -> m.withTotalTokens(m.totalTokens() + 1));
                }
            });
            th.start();
            updaters.add(th);
        }
        for (Thread th : updaters) {
            th.join();
        }
        done.set(true);
        reader.join();
        assertEquals(240, store.readMeta("m").totalTokens());
        assertEquals(0, readFailures.get());
        try (var files = Files.list(store.sessionDir("m"))) {
            assertEquals(Set.of("meta.json", "events.ndjson", ".lock"),
                    Set.copyOf(files.map(f -> f.getFileName().toString()).toList()), "temp files left behind");
        }
    }
}
