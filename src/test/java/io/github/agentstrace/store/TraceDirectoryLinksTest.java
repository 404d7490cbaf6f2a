package io.github.agentstrace.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing below the trace root is written through a symbolic link: whatever a link points at stays as it
 * was, and the refusal names the path and says it is a link.
 */
class TraceDirectoryLinksTest {
    private static final byte[] VICTIM = "precious, mode 644\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    private TraceStore store;
    private Path victim;

    @BeforeEach
    void setUp() throws IOException {
        store = new TraceStore(tmp.resolve("traces"));
        victim = tmp.resolve("victim.txt");
        Files.write(victim, VICTIM);
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private void session(String id) {
        store.create(SessionMeta.start(id, 1.0, "t", ""), Redactor.disabled());
    }

    private static TraceEvent call() {
        return TraceEvent.of(EventType.TOOL_CALL, 2.0, null, null, null, null, Map.of("tool_name", "Bash"));
    }

    private void assertVictimUnchanged() throws IOException {
        assertArrayEquals(VICTIM, Files.readAllBytes(victim), "the link's target was written to");
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
        }
    }

    private static void assertRefusedAsLink(StoreException e, Path link) {
        assertTrue(e.getMessage().startsWith(link + " is a symbolic link"), e.getMessage());
    }

    private void replaceWithLink(Path entry, Path target) throws IOException {
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            try (var files = Files.list(entry)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
        }
        Files.deleteIfExists(entry);
        Files.createSymbolicLink(entry, target);
    }

    @Test
    void eventsFileLink_isRefusedAndItsTargetUnchanged() throws IOException {
        session("e1");
        Path events = store.eventsFile("e1");
        replaceWithLink(events, victim);
        StoreException e = assertThrows(StoreException.class, () -> store.writer("e1", Redactor.disabled()));
        assertRefusedAsLink(e, events);
        assertVictimUnchanged();
    }

    @Test
    void danglingEventsFileLink_createsNothingAtItsTarget() throws IOException {
        session("e2");
        Path events = store.eventsFile("e2");
        Path nowhere = tmp.resolve("created-through-link.txt");
        replaceWithLink(events, nowhere);
        assertRefusedAsLink(assertThrows(StoreException.class, () -> store.writer("e2", Redactor.disabled())), events);
        assertFalse(Files.exists(nowhere, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void metaLink_isRefusedOnCreateUpdateAndRead() throws IOException {
        session("m1");
        Path meta = store.sessionDir("m1").resolve(TraceStore.META);
        replaceWithLink(meta, victim);
        assertFalse(store.exists("m1"), "a linked meta.json does not make a session");
        assertRefusedAsLink(assertThrows(StoreException.class,
                () -> store.create(SessionMeta.start("m1", 1.0, "t", ""), Redactor.disabled())), meta);
        assertRefusedAsLink(assertThrows(StoreException.class, () -> store.updateMeta("m1", m -> m.endedAt(3.0))), meta);
        assertRefusedAsLink(assertThrows(StoreException.class, () -> store.readMeta("m1")), meta);
        assertVictimUnchanged();
    }

    @Test
    void lockFileLink_isRefusedAndItsTargetUnchanged() throws IOException {
        session("l1");
        Path lock = store.sessionDir("l1").resolve(TraceStore.LOCK);
        replaceWithLink(lock, victim);
        assertRefusedAsLink(assertThrows(StoreException.class, () -> store.updateMeta("l1", m -> m)), lock);
        SessionWriter w = store.writer("l1", Redactor.disabled());
        w.append(call());
        assertRefusedAsLink(assertThrows(StoreException.class, w::close), lock);
        assertVictimUnchanged();
    }

    @Test
    void sessionDirectoryLink_isRefusedAndNothingIsWrittenInTheLinkedDirectory() throws IOException {
        session("real");
        Path elsewhere = store.sessionDir("real");
        Path linked = store.sessionDir("d1");
        Files.createSymbolicLink(linked, elsewhere);
        Files.write(elsewhere.resolve(TraceStore.META), "{\"session_id\":\"d1\",\"started_at\":1}".getBytes(StandardCharsets.UTF_8));
        byte[] eventsBefore = Files.readAllBytes(elsewhere.resolve(TraceStore.EVENTS));
        byte[] metaBefore = Files.readAllBytes(elsewhere.resolve(TraceStore.META));

        assertRefusedAsLink(assertThrows(StoreException.class, () -> store.writer("d1", Redactor.disabled())), linked);
        assertRefusedAsLink(assertThrows(StoreException.class, () -> store.updateMeta("d1", m -> m.endedAt(2.0))), linked);
        assertRefusedAsLink(assertThrows(StoreException.class,
                () -> store.create(SessionMeta.start("d1", 1.0, "t", ""), Redactor.disabled())), linked);
        assertArrayEquals(eventsBefore, Files.readAllBytes(elsewhere.resolve(TraceStore.EVENTS)));
        assertArrayEquals(metaBefore, Files.readAllBytes(elsewhere.resolve(TraceStore.META)));
    }

    @Test
    void stateFilesAndAppends_refuseLinksToo() throws IOException {
        Path dir = FilePermissions.createPrivateDirectories(store.root(), store.root().resolve("s/.hook/pending"));
        Path state = dir.resolve("id-x");
        Files.createSymbolicLink(state, victim);
        assertRefusedAsLink(assertThrows(StoreException.class,
                () -> FilePermissions.replace(state, "e 1".getBytes(StandardCharsets.UTF_8))), state);
        assertRefusedAsLink(assertThrows(StoreException.class, () -> FilePermissions.read(state)), state);
        assertRefusedAsLink(assertThrows(StoreException.class,
                () -> FilePermissions.append(state, "x".getBytes(StandardCharsets.UTF_8))), state);
        assertRefusedAsLink(assertThrows(StoreException.class, () -> FilePermissions.createPrivateFile(state)), state);
        Path hookDir = store.root().resolve("s2/.hook");
        Files.createDirectories(hookDir.getParent());
        Files.createSymbolicLink(hookDir, tmp);
        assertRefusedAsLink(assertThrows(StoreException.class,
                () -> FilePermissions.createPrivateDirectories(store.root(), hookDir.resolve("pending"))), hookDir);
        assertFalse(Files.exists(tmp.resolve("pending")));
        assertVictimUnchanged();
    }

    @Test
    void otherKindsOfFiles_areRefusedByName() throws IOException {
        session("k1");
        Path events = store.eventsFile("k1");
        Files.delete(events);
        Files.createDirectory(events);
        StoreException e = assertThrows(StoreException.class, () -> store.writer("k1", Redactor.disabled()));
        assertEquals(events + " is not a regular file", e.getMessage());
    }

    @Test
    void anEntryOfAnotherUser_isRefused() throws IOException {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("unix"), "no unix owners here");
        session("o1");
        Path events = store.eventsFile("o1");
        try {
            Files.setAttribute(events, "unix:uid", 4242, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            assumeTrue(false, "cannot give a file away here (not root): " + e.getMessage());
        }
        StoreException e = assertThrows(StoreException.class, () -> store.writer("o1", Redactor.disabled()));
        assertTrue(e.getMessage().startsWith(events + " belongs to another user (uid 4242)"), e.getMessage());
    }

    @Test
    void theTraceRootItselfMayBeALink() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("real-traces"));
        Path root = Files.createSymbolicLink(tmp.resolve("traces-link"), real);
        TraceStore linked = new TraceStore(root);
        linked.create(SessionMeta.start("r1", 1.0, "t", ""), Redactor.disabled());
        try (SessionWriter w = linked.writer("r1", Redactor.disabled())) {
            w.append(call());
        }
        assertEquals(1, linked.readMeta("r1").toolCalls());
        assertTrue(Files.size(real.resolve("r1").resolve(TraceStore.EVENTS)) > 0, "the user chose where traces go");
    }
}
