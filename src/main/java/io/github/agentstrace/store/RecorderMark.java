package io.github.agentstrace.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * A recorder's liveness mark: an exclusive OS lock on {@code <session>/.recorder}, held from the start of
 * a recording to its end. The operating system drops the lock when the process dies, however it dies
 * ({@code kill -9} included), so {@link #probe} tells a running recording from one whose recorder is gone
 * without trusting anything the recorder wrote. The file stays after the recorder ends (it is what says a
 * recorder was there); it is empty and nobody reads it.
 *
 * <p>POSIX record locks, which {@link FileChannel#lock} uses on Linux and macOS, belong to the process,
 * and closing any descriptor of the file drops all of them, even one opened only to test the lock. So a
 * probe from the JVM that holds the mark must not open the file: {@link #HELD} is this JVM's list of the
 * marks it holds (the operating system's lock table is per process in the same way), and the probe
 * answers from it. For the same reason nothing else in this JVM may open a {@code .recorder} file.
 */
public final class RecorderMark implements AutoCloseable {
    /** The mark's file name inside the session directory. */
    public static final String FILE = ".recorder";
    private static final long LOCK_WAIT_NANOS = 2_000_000_000L;

    // The marks this JVM holds, by real path. Guarded by itself: a probe checks it and opens the file as
    // one step, so it never opens a mark that is being taken at the same moment.
    private static final Set<Path> HELD = new HashSet<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private RecorderMark(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Marks the session in {@code sessionDir} as being recorded by this process until {@link #close()}.
     * A {@link StoreException} when the mark cannot be taken (the directory is unwritable, or another
     * live process holds it).
     */
    static RecorderMark hold(Path sessionDir) {
        Path file = sessionDir.resolve(FILE);
        try {
            FilePermissions.createPrivateFile(file);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new StoreException(file + " is not a regular file; not taking a lock through it");
            }
            Path key = file.toRealPath();
            synchronized (HELD) {
                if (HELD.contains(key)) {
                    throw new StoreException("session " + sessionDir.getFileName() + " is already being recorded");
                }
                FileChannel ch = FileChannel.open(key, StandardOpenOption.WRITE);
                try {
                    FileLock lock = lockWithin(ch, sessionDir);
                    HELD.add(key);
                    return new RecorderMark(key, ch, lock);
                } catch (RuntimeException | IOException e) {
                    ch.close();
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot mark session " + sessionDir.getFileName() + " as recording: "
                    + e.getMessage(), e);
        }
    }

    // A probe from another process holds a shared lock for a few microseconds; anything longer is a recorder.
    private static FileLock lockWithin(FileChannel ch, Path sessionDir) throws IOException {
        long deadline = System.nanoTime() + LOCK_WAIT_NANOS;
        while (true) {
            FileLock lock = ch.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new StoreException("session " + sessionDir.getFileName() + " is already being recorded by"
                        + " another process");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while taking the recorder mark", e);
            }
        }
    }

    /**
     * The recorder state of the session in {@code sessionDir}. Safe from any process, including the one
     * that holds the mark. A mark that exists but cannot be opened reads as {@link RecorderState#GONE}:
     * nothing shows a live recorder.
     */
    static RecorderState probe(Path sessionDir) {
        Path file = sessionDir.resolve(FILE);
        Path key;
        try {
            if (Files.isSymbolicLink(file)) {
                return RecorderState.GONE; // no recorder of ours makes a link; whatever it points at proves nothing
            }
            key = file.toRealPath();
        } catch (NoSuchFileException e) {
            return RecorderState.NONE;
        } catch (IOException e) {
            return Files.exists(file) ? RecorderState.GONE : RecorderState.NONE;
        }
        synchronized (HELD) {
            if (HELD.contains(key)) {
                return RecorderState.ALIVE;
            }
            try (FileChannel ch = FileChannel.open(key, StandardOpenOption.READ)) {
                FileLock lock = ch.tryLock(0, Long.MAX_VALUE, true);
                if (lock == null) {
                    return RecorderState.ALIVE;
                }
                lock.release();
                return RecorderState.GONE;
            } catch (OverlappingFileLockException e) {
                return RecorderState.ALIVE; // held by this JVM through a channel not taken here
            } catch (IOException e) {
                return RecorderState.GONE;
            }
        }
    }

    /** Releases the mark: the session now reads as {@link RecorderState#GONE}. Idempotent. */
    @Override
    public void close() {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // closing the channel releases the lock in any case
            } finally {
                HELD.remove(file);
            }
        }
    }
}
