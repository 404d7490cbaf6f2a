package io.github.agentstrace.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;

/**
 * The one way the store holds a file's exclusive lock: first among the threads of this process, then among
 * processes.
 *
 * <p>A {@link FileLock} belongs to the process, not to a channel or a thread. The operating system (POSIX
 * record locks) drops every lock a process holds on a file when any descriptor of that file is closed, and
 * the JDK's table of the locks a JVM holds can lose a file's entry when two channels of that file are closed
 * at the same moment (it removes the entry by key, whichever list the key maps to by then). Two threads that
 * each open, lock and close their own channel on one file could therefore both hold "the" lock: six threads
 * making forty meta.json changes each lost one change in about a hundred runs. So this process's threads take
 * turns on a monitor picked by the file's path, and open, lock, use and close their channel within the turn;
 * the file lock is left with keeping other processes out.
 *
 * <p>Turns are shared by files whose paths hash alike; they are reentrant, and no caller takes one turn inside
 * another (a meta.json update never appends an event, and the other way round), so sharing cannot deadlock.
 */
final class FileLocks {
    /** Process-wide, as file locks are; the monitors are fixed once and never replaced. */
    private static final Object[] TURNS = new Object[64];

    static {
        for (int i = 0; i < TURNS.length; i++) {
            TURNS[i] = new Object();
        }
    }

    /** Work done holding a file's lock. */
    interface Locked<T> {
        T run() throws IOException;
    }

    private FileLocks() {
    }

    /** The monitor of {@code file}'s turn, the same for every spelling of the path that normalises alike. */
    static Object turn(Path file) {
        return TURNS[Math.floorMod(file.toAbsolutePath().normalize().hashCode(), TURNS.length)];
    }

    /**
     * Opens {@code lockFile} (an existing, private file), locks it and runs {@code action}, then releases and
     * closes it, all in this process's turn for that file.
     */
    static <T> T withLockFile(Path lockFile, Locked<T> action) throws IOException {
        synchronized (turn(lockFile)) {
            try (FileChannel ch = FilePermissions.open(lockFile, true);
                 FileLock ignored = lock(ch)) {
                return action.run();
            }
        }
    }

    /**
     * Locks {@code channel}, a channel kept open on {@code file}, for the length of {@code action}, in this
     * process's turn for that file. The channel is closed in a turn too: {@link #close}.
     */
    static <T> T withLock(Path file, FileChannel channel, Locked<T> action) throws IOException {
        synchronized (turn(file)) {
            try (FileLock ignored = lock(channel)) {
                return action.run();
            }
        }
    }

    /** Closes a channel of {@code file} in this process's turn, so that no other thread's lock is dropped. */
    static void close(Path file, FileChannel channel) throws IOException {
        synchronized (turn(file)) {
            channel.close();
        }
    }

    /**
     * Blocks for the file lock. A path spelled differently (through a link) reaches the same file in another
     * turn; the JDK then refuses the second lock of the JVM instead of waiting, and this waits by polling.
     */
    private static FileLock lock(FileChannel ch) throws IOException {
        while (true) {
            try {
                return ch.lock();
            } catch (OverlappingFileLockException e) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for a lock", ie);
                }
            }
        }
    }
}
