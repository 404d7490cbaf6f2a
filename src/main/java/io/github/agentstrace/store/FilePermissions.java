package io.github.agentstrace.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * The files of a trace directory: private to the user (directories 0700, files 0600), and never reached
 * through a symbolic link.
 *
 * <p>Traces hold prompts and tool output. A link planted inside the trace directory (a cloned repository,
 * a shared directory) would otherwise make every capture path append to, or lock, whatever file it points
 * at. So everything below the trace root is checked without following links before it is written: what
 * exists must be a directory or regular file (as expected) owned by the user running agent-strace; new
 * files are created exclusively; files are opened with {@link LinkOption#NOFOLLOW_LINKS}; replacing is a
 * rename, which replaces a link rather than writing through it. A refusal is a {@link StoreException} that
 * names the path. The trace root itself (and the directories above it) may be links: that is the user's
 * choice of where traces go. On file systems without POSIX permissions files get the platform's defaults
 * and owners are not checked.
 */
public final class FilePermissions {
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private FilePermissions() {
    }

    /**
     * Creates the directory and missing parents; the ones it creates get mode 0700. For a trace root and
     * files outside trace directories: existing directories are used as they are, links included.
     */
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

    /**
     * Creates {@code dir}, a directory inside the trace directory {@code root}, and the missing ones between
     * them (mode 0700). {@code root} is created as by {@link #createPrivateDirectories(Path)}; every
     * directory below it that exists already must be a real directory (not a link) of this user, else a
     * {@link StoreException}.
     */
    public static Path createPrivateDirectories(Path root, Path dir) throws IOException {
        if (!dir.startsWith(root)) {
            throw new IllegalArgumentException(dir + " is not inside " + root);
        }
        createPrivateDirectories(root);
        Path inside = root.relativize(dir);
        Path at = root;
        for (int i = 0; i < inside.getNameCount(); i++) {
            at = at.resolve(inside.getName(i));
            if (checkExisting(at, true)) {
                continue;
            }
            try {
                if (posix(root)) {
                    Files.createDirectory(at, attr(DIR));
                } else {
                    Files.createDirectory(at);
                }
            } catch (FileAlreadyExistsException e) {
                checkExisting(at, true); // another process made it first: it must still be a real directory
            }
        }
        return dir;
    }

    /**
     * Creates an empty file with mode 0600 unless it exists. What exists must be a regular file (not a link)
     * of this user, else a {@link StoreException}. Returns true when this call created the file.
     */
    public static boolean createPrivateFile(Path file) throws IOException {
        if (checkExisting(file, false)) {
            return false;
        }
        try {
            if (posix(file.toAbsolutePath().getParent())) {
                Files.createFile(file, attr(FILE));
            } else {
                Files.createFile(file);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            // someone else created it first: fine if it is a file of ours (a dangling link also lands here)
            checkExisting(file, false);
            return false;
        }
    }

    /**
     * Whether something exists at {@code path}, looked at without following a link. When it does, it must
     * be a directory ({@code directory}) or a regular file, and belong to the user running agent-strace;
     * otherwise a {@link StoreException} says which path is wrong and why.
     */
    public static boolean checkExisting(Path path, boolean directory) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (a.isSymbolicLink()) {
            throw new StoreException(path + " is a symbolic link; agent-strace does not follow links inside"
                    + " the trace directory (remove it)");
        }
        if (directory ? !a.isDirectory() : !a.isRegularFile()) {
            throw new StoreException(path + " is not a " + (directory ? "directory" : "regular file"));
        }
        checkOwner(path);
        return true;
    }

    private static void checkOwner(Path path) throws IOException {
        if (!path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return;
        }
        Object owner = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (!ownedByUs(path, owner)) {
            throw new StoreException(path + " belongs to another user (uid " + owner
                    + "); agent-strace writes only into files and directories of its own user");
        }
    }

    /**
     * Whether {@code uid} is this process's effective uid: the owner of {@code /proc/self} on Linux; where
     * there is no procfs, whether the path's owner is the user named by {@code user.name}. When neither can
     * be told, the check passes: a missing answer must not stop recording.
     */
    private static boolean ownedByUs(Path path, Object uid) {
        try {
            return uid.equals(Files.getAttribute(path.getFileSystem().getPath("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            // no procfs (macOS, BSD)
        }
        try {
            return path.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"))
                    .equals(Files.getOwner(path, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /**
     * Opens a file of the trace directory for reading, or reading and writing ({@code write}), without
     * following a link: a link is refused with a {@link StoreException}, a missing file is a
     * {@link NoSuchFileException}.
     */
    public static FileChannel open(Path file, boolean write) throws IOException {
        try {
            return write
                    ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)
                    : FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            checkExisting(file, false); // turns "too many levels of symbolic links" into a clear refusal
            throw e;
        }
    }

    /** The whole content of a file of the trace directory, read without following a link. */
    public static byte[] read(Path file) throws IOException {
        try (FileChannel ch = open(file, false)) {
            // Not Files.readAllBytes: it follows links, and loads stream classes a hook does not need.
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, ch.size() + 1));
            while (ch.read(buf) >= 0) {
                if (!buf.hasRemaining()) {
                    buf = ByteBuffer.allocate(buf.capacity() * 2).put(buf.flip());
                }
            }
            return Arrays.copyOf(buf.array(), buf.position());
        }
    }

    /** Appends {@code bytes} to a file of the trace directory, creating it 0600; never through a link. */
    public static void append(Path file, byte[] bytes) throws IOException {
        createPrivateFile(file);
        try (FileChannel ch = open(file, true)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            long at = ch.size();
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
        }
    }

    /**
     * Replaces a file of the trace directory as {@link #writeAtomically} does, after checking that what is
     * there now is a regular file of this user (the rename would replace a link; refusing says so instead).
     */
    public static void replace(Path target, byte[] bytes) throws IOException {
        checkExisting(target, false);
        writeAtomically(target, bytes, null);
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
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
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
