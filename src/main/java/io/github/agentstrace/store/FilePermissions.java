package io.github.agentstrace.store;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Traces hold prompts and tool output, so they are private to the user: directories 0700, files 0600.
 * On file systems without POSIX permissions the files are created with the platform's defaults.
 */
public final class FilePermissions {
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private FilePermissions() {
    }

    /** Creates the directory and missing parents; the ones it creates get mode 0700. */
    public static Path createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createPrivateDirectories(parent);
        }
        try {
            if (posix(parent)) {
                Files.createDirectory(dir, attr(DIR));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
        return dir;
    }

    /** Creates an empty file with mode 0600 unless it exists. */
    public static void createPrivateFile(Path file) throws IOException {
        try {
            if (posix(file.toAbsolutePath().getParent())) {
                Files.createFile(file, attr(FILE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException ignored) {
            // someone else created it first: fine, appends are whole lines either way
        }
    }

    /** A private temp file beside {@code target}, for write-then-rename. */
    public static Path createPrivateTempFile(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = "." + target.getFileName() + ".";
        boolean posix = posix(dir);
        // Not Files.createTempFile: its SecureRandom costs a once-per-event hook process tens of
        // milliseconds. A clock-derived name created exclusively (retrying on a clash) is just as safe.
        long seed = System.nanoTime() ^ System.identityHashCode(target);
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(prefix + Long.toHexString(seed + attempt * 0x9E3779B97F4A7C15L) + ".tmp");
            try {
                return posix ? Files.createFile(tmp, attr(FILE)) : Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Replaces {@code target} with {@code bytes} in one step: a private temp file beside it, then a rename,
     * so a reader sees the old content or the new one, never a mix. {@code permissions} (null: 0600) are
     * given to the new file, e.g. a user's settings file keeps its own mode.
     */
    public static void writeAtomically(Path target, byte[] bytes, Set<PosixFilePermission> permissions)
            throws IOException {
        Path tmp = createPrivateTempFile(target);
        try {
            Files.write(tmp, bytes);
            if (permissions != null && posix(tmp.getParent())) {
                Files.setPosixFilePermissions(tmp, permissions);
            }
            moveReplacing(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Renames {@code from} over {@code to}, atomically where the file system can. */
    public static void moveReplacing(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The file's POSIX permissions, or null when it does not exist or the file system has none. */
    public static Set<PosixFilePermission> permissionsOf(Path file) throws IOException {
        if (!Files.exists(file) || !posix(file.toAbsolutePath().getParent())) {
            return null;
        }
        return Files.getPosixFilePermissions(file);
    }

    private static boolean posix(Path dir) {
        // The file system's views, not Files.getFileStore: that one parses the mount table, too slow for hooks.
        return dir != null && dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> attr(Set<PosixFilePermission> perms) {
        return PosixFilePermissions.asFileAttribute(perms);
    }
}
