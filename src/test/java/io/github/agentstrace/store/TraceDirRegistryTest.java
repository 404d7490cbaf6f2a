package io.github.agentstrace.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.ConfigDir;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.testsupport.TestJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry of trace directories: where it lives, one line per directory and only once, concurrent adders
 * that lose nothing, private files, no writing through a link, and a capture that never fails because of it.
 */
class TraceDirRegistryTest {
    @TempDir
    Path tmp;

    private Path file() {
        return tmp.resolve("config/agent-strace/trace-dirs");
    }

    @Test
    void of_xdgConfigHomeWhenAbsoluteElseHomeElseNone() {
        assertEquals(Path.of("/x/agent-strace/trace-dirs"),
                TraceDirRegistry.of(Map.of("XDG_CONFIG_HOME", "/x", "HOME", "/h")).file());
        assertEquals(Path.of("/h/.config/agent-strace/trace-dirs"),
                TraceDirRegistry.of(Map.of("XDG_CONFIG_HOME", "relative", "HOME", "/h")).file());
        assertEquals(Path.of("/h/.config/agent-strace/trace-dirs"), TraceDirRegistry.of(Map.of("HOME", "/h")).file());
        assertNull(TraceDirRegistry.of(Map.of()).file());
        assertEquals(TraceDirRegistry.NONE, TraceDirRegistry.of(Map.of()));
        assertEquals(Path.of("/h/.config/agent-strace/redact.json"), ConfigDir.file(Map.of("HOME", "/h"), "redact.json"));
    }

    @Test
    void add_listsEachDirectoryOnceAsAnAbsolutePathInTheOrderAdded() throws Exception {
        TraceDirRegistry r = TraceDirRegistry.at(file());
        Path a = tmp.resolve("a/.agent-traces");
        Path b = tmp.resolve("b/.agent-traces");
        r.add(a);
        r.add(b);
        r.add(tmp.resolve("a/x/../.agent-traces")); // the same directory, spelled otherwise
        r.add(a);
        assertEquals(a + "\n" + b + "\n", Files.readString(file()));
        assertEquals(List.of(a, b), r.dirs());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent())));
    }

    @Test
    void dirs_toleratesWhatAPersonMayHaveWritten() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "\n/p/one\nrelative/two\n  /p/three  \n/p/one\n/p/one/\r\n\n/p/four");
        assertEquals(List.of(Path.of("/p/one"), Path.of("/p/three"), Path.of("/p/four")),
                TraceDirRegistry.at(file()).dirs());
        // A file without a final newline gets one before the next line.
        TraceDirRegistry.at(file()).add(Path.of("/p/five"));
        assertTrue(Files.readString(file()).endsWith("/p/four\n/p/five\n"), Files.readString(file()));
        assertTrue(TraceDirRegistry.at(tmp.resolve("missing")).dirs().isEmpty());
        assertTrue(TraceDirRegistry.NONE.dirs().isEmpty());
    }

    @Test
    void add_processesAndThreadsAtOnce_loseNoDirectory() throws Exception {
        String java = TestJar.java();
        String cp = TestJar.classPath(TraceDirRegistry.class, RegistryAddMain.class);
        int processes = 3;
        int perAdder = 15;
        List<Process> started = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            started.add(new ProcessBuilder(java, "-Xshare:auto", "-cp", cp, RegistryAddMain.class.getName(),
                    file().toString(), "/proc" + p, String.valueOf(perAdder)).redirectErrorStream(true).start());
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            String prefix = "/thread" + t;
            Thread th = new Thread(() -> RegistryAddMain.main(new String[] {file().toString(), prefix, "" + perAdder}));
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        for (Process p : started) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "adder process hung");
            assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        List<String> lines = Files.readAllLines(file());
        Set<String> distinct = new HashSet<>(lines);
        assertEquals(lines.size(), distinct.size(), "a directory listed twice");
        assertEquals((processes + 3) * perAdder, lines.size(), "a directory lost");
    }

    @Test
    void add_neverWritesThroughALinkAndNeverThrows() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious\n");
        Files.createDirectories(file().getParent());
        Files.createSymbolicLink(file(), victim);
        TraceDirRegistry.at(file()).add(tmp.resolve("p/.agent-traces")); // refused, silently
        assertEquals("precious\n", Files.readString(victim));
        assertTrue(Files.isSymbolicLink(file()));
        // A registry that cannot be a file at all: nothing thrown either.
        Path dirInstead = Files.createDirectories(tmp.resolve("d/agent-strace/trace-dirs"));
        TraceDirRegistry.at(dirInstead).add(tmp.resolve("q"));
        assertTrue(Files.isDirectory(dirInstead));
    }

    @Test
    void create_notesTheTraceDirectory_importStagingIsNotNoted() throws Exception {
        TraceDirRegistry r = TraceDirRegistry.at(file());
        TraceStore store = new TraceStore(tmp.resolve("proj/.agent-traces"), r);
        store.create(SessionMeta.start("s1", 1.0, "t", ""), Redactor.disabled());
        store.create(SessionMeta.start("s2", 2.0, "t", ""), Redactor.disabled());
        assertEquals(List.of(tmp.resolve("proj/.agent-traces")), r.dirs());
        new TraceStore(tmp.resolve("staging"), TraceDirRegistry.NONE).create(SessionMeta.start("s3", 3.0, "t", ""),
                Redactor.disabled());
        assertEquals(List.of(tmp.resolve("proj/.agent-traces")), r.dirs());
    }

    @Test
    void create_aRegistryThatCannotBeWritten_stillCreatesTheSession() throws Exception {
        Path blocked = Files.writeString(tmp.resolve("not-a-dir"), "x"); // the config directory is a file
        TraceStore store = new TraceStore(tmp.resolve("traces"), TraceDirRegistry.at(blocked.resolve("trace-dirs")));
        store.create(SessionMeta.start("s1", 1.0, "t", ""), Redactor.disabled());
        assertTrue(store.exists("s1"));
        assertFalse(Files.exists(blocked.resolve("trace-dirs")));
    }
}
