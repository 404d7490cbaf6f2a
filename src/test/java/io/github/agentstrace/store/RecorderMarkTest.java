package io.github.agentstrace.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.testsupport.TestJar;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The recorder liveness mark, seen from this JVM and from other processes. */
@Timeout(120)
class RecorderMarkTest {
    @TempDir
    Path tmp;

    private TraceStore store() {
        return new TraceStore(tmp.resolve("traces"));
    }

    private String session(String id) {
        store().create(SessionMeta.start(id, 1795477017.0, "t", "c"), Redactor.disabled());
        return id;
    }

    private ProcessBuilder other(String... args) throws Exception {
        String java = TestJar.java();
        String cp = TestJar.classPath(TraceStore.class, RecorderMarkMain.class);
        String[] cmd = new String[args.length + 4];
        cmd[0] = java;
        cmd[1] = "-cp";
        cmd[2] = cp;
        cmd[3] = RecorderMarkMain.class.getName();
        System.arraycopy(args, 0, cmd, 4, args.length);
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    /** The state as another process sees it. */
    private RecorderState probeFromAnotherProcess(String id) throws Exception {
        Process p = other("probe", store().root().toString(), id).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return RecorderState.valueOf(out);
    }

    @Test
    void recorder_isNoneForASessionNoRecorderMarked() throws Exception {
        String id = session("hooked");
        assertEquals(RecorderState.NONE, store().recorder(id));
        assertEquals(RecorderState.NONE, probeFromAnotherProcess(id));
    }

    @Test
    void recorder_isAliveWhileMarkedAndGoneAfter_andProbingFromTheHoldingJvmKeepsTheLock() throws Exception {
        String id = session("marked");
        RecorderMark mark = store().markRecorder(id);
        try {
            // Probes from this JVM, the one holding the lock: a probe that opened and closed the file here
            // would drop the lock for the whole process (POSIX), so the other process would see GONE.
            for (int i = 0; i < 3; i++) {
                assertEquals(RecorderState.ALIVE, store().recorder(id));
                assertEquals(RecorderState.ALIVE, new TraceStore(tmp.resolve("traces/../traces")).recorder(id));
            }
            assertEquals(RecorderState.ALIVE, probeFromAnotherProcess(id));
            assertEquals(RecorderState.ALIVE, store().recorder(id));
            assertThrows(StoreException.class, () -> store().markRecorder(id), "one recorder per session");
        } finally {
            mark.close();
        }
        mark.close(); // idempotent
        assertEquals(RecorderState.GONE, store().recorder(id));
        assertEquals(RecorderState.GONE, probeFromAnotherProcess(id));
        assertTrue(Files.isRegularFile(store().sessionDir(id).resolve(RecorderMark.FILE)), "the mark stays");
    }

    @Test
    void recorder_isGoneWhenTheHoldingProcessIsKilled() throws Exception {
        String id = session("killed");
        Process holder = other("hold", store().root().toString(), id).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("held", out.readLine());
            assertEquals(RecorderState.ALIVE, store().recorder(id));
            assertThrows(StoreException.class, () -> store().markRecorder(id), "held by another process");
        } finally {
            holder.destroyForcibly(); // SIGKILL: the process cannot release anything itself
        }
        assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
        assertEquals(RecorderState.GONE, store().recorder(id));
    }

    @Test
    void markRecorder_refusesALinkInPlaceOfTheMarkAndProbesItAsGone() throws Exception {
        String id = session("linked");
        Path elsewhere = Files.writeString(tmp.resolve("elsewhere"), "");
        Files.createSymbolicLink(store().sessionDir(id).resolve(RecorderMark.FILE), elsewhere);
        assertThrows(StoreException.class, () -> store().markRecorder(id));
        assertEquals(RecorderState.GONE, store().recorder(id));
    }
}
