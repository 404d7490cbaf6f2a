package io.github.agentstrace.store;

import io.github.agentstrace.model.ConfigDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trace directories this user has recorded into: {@code trace-dirs} in the user's config directory
 * ({@link ConfigDir}), one absolute path a line, so that {@code --all} finds every project's
 * {@code .agent-traces}. A directory is added when a session is created in it ({@link TraceStore#create}).
 *
 * <p>Adding is on every capture path, hooks included, so it costs one read of a small file when the directory
 * is listed already, and never fails the capture: any error is swallowed (the worst outcome is a directory
 * {@code --all} does not know). A new line is added under a lock ({@code trace-dirs.lock}) by replacing the
 * file (a private temp file renamed over it, mode 0600), so concurrent hooks of several projects never lose
 * each other's line and a reader sees the old list or the new one. Reading is tolerant: duplicates, blank lines
 * and relative paths are dropped; directories that were moved or deleted are the caller's to skip. The file
 * and the lock are never written through a symbolic link ({@link FilePermissions}).
 */
public final class TraceDirRegistry {
    /** The registry's file name in the config directory. */
    public static final String FILE = "trace-dirs";
    /** No registry: nothing is added, nothing is listed (staging stores, environments without a home). */
    public static final TraceDirRegistry NONE = new TraceDirRegistry(null);

    private final Path file;

    private TraceDirRegistry(Path file) {
        this.file = file;
    }

    /** The registry of the user the environment names ({@code XDG_CONFIG_HOME}, else {@code HOME}); else none. */
    public static TraceDirRegistry of(Map<String, String> env) {
        Path f = ConfigDir.file(env, FILE);
        return f == null ? NONE : new TraceDirRegistry(f);
    }

    /** A registry kept in {@code file}. */
    public static TraceDirRegistry at(Path file) {
        return new TraceDirRegistry(file);
    }

    /** The registry file, or null for {@link #NONE}. */
    public Path file() {
        return file;
    }

    /**
     * Notes a trace directory (made absolute and normalised) unless it is listed already. Never throws: a
     * registry that cannot be read or written leaves the capture alone.
     */
    public void add(Path traceDir) {
        if (file == null) {
            return;
        }
        try {
            String line = traceDir.toAbsolutePath().normalize().toString();
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                return; // cannot be one line of the file
            }
            if (listed(read(), line)) {
                return; // the usual case: one small read
            }
            Path dir = FilePermissions.createPrivateDirectories(file.toAbsolutePath().getParent());
            Path lockFile = dir.resolve(FILE + ".lock");
            FilePermissions.createPrivateFile(lockFile);
            FileLocks.withLockFile(lockFile, () -> {
                String current = read();
                if (listed(current, line)) {
                    return null;
                }
                StringBuilder next = new StringBuilder(current.length() + line.length() + 2).append(current);
                if (next.length() > 0 && next.charAt(next.length() - 1) != '\n') {
                    next.append('\n');
                }
                next.append(line).append('\n');
                if (!current.isEmpty()) {
                    FilePermissions.checkExisting(file, false); // never replace a link the user did not make
                }
                FilePermissions.writeAtomically(file, next.toString().getBytes(StandardCharsets.UTF_8), null);
                return null;
            });
        } catch (Exception e) {
            // Never the capture's problem: the directory is simply not known to --all.
        }
    }

    /**
     * The listed directories in the order they were added, each once; blank lines and relative paths are
     * skipped. Empty when there is no registry or it cannot be read.
     */
    public List<Path> dirs() {
        if (file == null) {
            return List.of();
        }
        String text;
        try {
            text = read();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        Set<Path> seen = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            try {
                Path p = Path.of(l);
                if (p.isAbsolute()) {
                    seen.add(p.normalize());
                }
            } catch (InvalidPathException e) {
                // a line nobody could have written: skipped
            }
        }
        return new ArrayList<>(seen);
    }

    private String read() throws IOException {
        try {
            return new String(FilePermissions.read(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    /** Whether {@code line} is one of the text's lines, compared without reading the text into a list. */
    private static boolean listed(String text, String line) {
        int from = 0;
        while (true) {
            int at = text.indexOf(line, from);
            if (at < 0) {
                return false;
            }
            int end = at + line.length();
            boolean starts = at == 0 || text.charAt(at - 1) == '\n';
            boolean ends = end == text.length() || text.charAt(end) == '\n' || text.charAt(end) == '\r';
            if (starts && ends) {
                return true;
            }
            from = at + 1;
        }
    }
}
