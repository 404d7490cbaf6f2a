package io.github.agentstrace.store;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another process's view of a file lock, for {@link FileLocksTest}: {@code LockProbeMain FILE} prints
 * {@code locked} when some process holds FILE's lock, else {@code free}.
 */
public final class LockProbeMain {
    private LockProbeMain() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            System.out.print(lock == null ? "locked" : "free");
            if (lock != null) {
                lock.release();
            }
        }
    }
}
