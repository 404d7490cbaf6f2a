package io.github.agentstrace.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.testsupport.TestJar;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads of one process that each open, lock and close their own channel of a file: the JDK's lock table
 * alone lets two of them hold the lock now and then (more often while the collector runs), so every holder
 * here counts how many hold it with it.
 */
class FileLocksTest {
    @TempDir
    Path tmp;

    @Test
    void withLockFile_manyThreadsEachWithItsOwnChannel_neverTwoHoldersAtOnce() throws Exception {
        Path lockFile = tmp.resolve(".lock");
        FilePermissions.createPrivateFile(lockFile);
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger together = new AtomicInteger();
        AtomicInteger rounds = new AtomicInteger();
        runWithGarbage(8, 5_000, () -> FileLocks.withLockFile(lockFile, () -> {
            if (holders.incrementAndGet() > 1) {
                together.incrementAndGet();
            }
            for (int spin = 0; spin < 100; spin++) {
                Thread.onSpinWait();
            }
            holders.decrementAndGet();
            rounds.incrementAndGet();
            return null;
        }));
        assertEquals(8 * 5_000, rounds.get());
        assertEquals(0, together.get(), "rounds in which two threads held the lock together");
    }

    @Test
    void writersOfOneSession_openedAndClosedWhileOthersAppend_everyLineWhole() throws Exception {
        TraceStore store = new TraceStore(tmp);
        store.create(SessionMeta.start("w", 1.0, "", ""), Redactor.disabled());
        String pad = "x".repeat(3_000); // longer than one write of some file systems' pages
        runWithGarbage(4, 150, () -> {
            // A writer per line: its channel is opened and closed while the other threads' writers append.
            try (SessionWriter w = store.writer("w", Redactor.disabled())) {
                w.append(TraceEvent.of(EventType.USER_PROMPT, 1.0, null, "w", null, null, Map.of("pad", pad)));
            }
            return null;
        });
        List<String> lines = Files.readAllLines(store.eventsFile("w"), StandardCharsets.UTF_8);
        assertEquals(4 * 150, lines.size());
        for (String line : lines) {
            assertTrue(line.startsWith("{") && line.endsWith("}"), "torn or interleaved line");
            TraceEvent.parseLine(line);
        }
    }

    @Test
    void close_ofAnotherChannelOfTheFileWhileItIsLocked_waitsAndOtherProcessesStayLockedOut() throws Exception {
        Path lockFile = tmp.resolve(".lock");
        FilePermissions.createPrivateFile(lockFile);
        AtomicBoolean closed = new AtomicBoolean();
        List<Throwable> failures = new ArrayList<>();
        Thread[] closer = new Thread[1];
        String seen = FileLocks.withLockFile(lockFile, () -> {
            // Closing any descriptor of a file drops the process's lock on it, unless the close waits its turn.
            FileChannel other = FilePermissions.open(lockFile, false);
            closer[0] = new Thread(() -> {
                try {
                    FileLocks.close(lockFile, other);
                    closed.set(true);
                } catch (IOException e) {
                    failures.add(e);
                }
            });
            closer[0].start();
            join(closer[0], 300);
            assertFalse(closed.get(), "the other channel was closed while the lock was held");
            return probe(lockFile);
        });
        closer[0].join();
        assertTrue(closed.get());
        assertEquals(List.of(), failures);
        assertEquals("locked", seen, "another process could take the lock while this one held it");
        assertEquals("free", probe(lockFile));
    }

    private static void join(Thread thread, long millis) throws IOException {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    /** What another process finds when it tries to lock {@code file}: "locked" or "free". */
    private static String probe(Path file) throws IOException {
        Process p = new ProcessBuilder(TestJar.java(), "-Xshare:auto", "-cp", TestJar.classPath(LockProbeMain.class),
                LockProbeMain.class.getName(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe process hung");
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        return out;
    }

    /** Runs {@code work} {@code rounds} times on each of {@code threads} threads while another churns garbage. */
    private static void runWithGarbage(int threads, int rounds, FileLocks.Locked<Void> work) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Thread garbage = new Thread(() -> {
            while (!done.get()) {
                byte[][] churn = new byte[1_000][];
                for (int i = 0; i < churn.length; i++) {
                    churn[i] = new byte[1_000];
                }
            }
        });
        garbage.start();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    for (int i = 0; i < rounds; i++) {
                        work.run();
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        done.set(true);
        garbage.join();
        assertEquals(List.of(), failures);
    }
}
