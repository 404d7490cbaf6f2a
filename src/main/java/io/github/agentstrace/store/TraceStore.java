package io.github.agentstrace.store;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.redact.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A trace directory: {@code <root>/<session-id>/meta.json} and {@code events.ndjson} per session.
 *
 * <p>Every path built here goes through {@link SessionIds#requireValid}. Directories are created 0700
 * and files 0600, and nothing below the root is written through a symbolic link ({@link FilePermissions}).
 * {@code meta.json} is replaced atomically (temp file + rename) under an exclusive lock on
 * {@code <session>/.lock}, so concurrent hook processes never lose each other's counter updates.
 */
public final class TraceStore {
    public static final String META = "meta.json";
    public static final String EVENTS = "events.ndjson";
    static final String LOCK = ".lock";
    /** Sessions read by one thread below this many (a thread costs more than a few hundred small reads). */
    private static final int SESSIONS_PER_THREAD = 500;
    /** Threads at most: meta.json reads are short system calls and parsing, so the cores are the limit. */
    private static final int MAX_THREADS = 4;

    private final Path root;
    /** Null: the registry of the user the process environment names, looked up only when a session is created. */
    private final TraceDirRegistry registry;

    /**
     * The trace directory {@code root}; sessions created in it are noted in the registry of the user the
     * process environment names (capture paths build stores without an environment of their own).
     */
    public TraceStore(Path root) {
        this.root = root;
        this.registry = null; // resolved lazily: a hook that appends to an existing session never loads it
    }

    /** The trace directory {@code root}, noting created sessions in {@code registry} ({@link TraceDirRegistry#NONE}: nowhere). */
    public TraceStore(Path root, TraceDirRegistry registry) {
        this.root = root;
        this.registry = registry;
    }

    public Path root() {
        return root;
    }

    /** The directory of a session (validated id; the directory may not exist). */
    public Path sessionDir(String sessionId) {
        return root.resolve(SessionIds.requireValid(sessionId));
    }

    public Path eventsFile(String sessionId) {
        return sessionDir(sessionId).resolve(EVENTS);
    }

    public boolean exists(String sessionId) {
        // A meta.json that is a link does not make a session: writing to it would be refused anyway.
        return SessionIds.isValid(sessionId)
                && Files.isRegularFile(sessionDir(sessionId).resolve(META), LinkOption.NOFOLLOW_LINKS);
    }

    /** The session's directory, created if missing; a {@link StoreException} if it is a link or not ours. */
    Path privateSessionDir(String sessionId) throws IOException {
        return FilePermissions.createPrivateDirectories(root, sessionDir(sessionId));
    }

    /**
     * Creates the session's directory, an empty events file and meta.json, unless meta.json exists
     * already (then the stored meta is returned untouched). Safe when several processes race to create.
     */
    public SessionMeta create(SessionMeta meta, Redactor redactor) {
        SessionMeta clean = redactor.redact(meta);
        SessionMeta created = create(clean);
        register();
        return created;
    }

    /**
     * Notes this trace directory in the registry of trace directories ({@code --all}); cheap when it is
     * listed already, and never fails (see {@link TraceDirRegistry#add}).
     */
    public void register() {
        (registry != null ? registry : TraceDirRegistry.of(System.getenv())).add(root);
    }

    private SessionMeta create(SessionMeta meta) {
        try {
            Path dir = privateSessionDir(meta.sessionId());
            FilePermissions.createPrivateFile(dir.resolve(EVENTS));
            // Anonymous classes rather than lambdas here and below: this is every hook process's path, and
            // the first lambda of a JVM costs tens of milliseconds of bootstrap.
            return withLock(meta.sessionId(), new FileLocks.Locked<SessionMeta>() {
                @Override
                public SessionMeta run() {
                    Optional<SessionMeta> existing = tryReadMeta(meta.sessionId());
                    if (existing.isPresent()) {
                        return existing.get();
                    }
                    writeMetaUnlocked(meta);
                    return meta;
                }
            });
        } catch (IOException e) {
            throw new StoreException("cannot create session " + meta.sessionId() + " in " + root + ": " + e.getMessage(), e);
        }
    }

    /** The session's meta.json; a {@link StoreException} when it is missing or unreadable. */
    public SessionMeta readMeta(String sessionId) {
        Optional<SessionMeta> meta = tryReadMeta(sessionId);
        if (meta.isEmpty()) {
            throw notFound(sessionId);
        }
        return meta.get();
    }

    /** "Session not found", or, when its directory is there, what the directory lacks. */
    private StoreException notFound(String sessionId) {
        Path dir = sessionDir(sessionId);
        return Files.isDirectory(dir) ? new StoreException(noMeta(dir))
                : new StoreException("Session not found: " + sessionId);
    }

    private static String noMeta(Path dir) {
        return "session directory " + dir + " has no " + META;
    }

    private Optional<SessionMeta> tryReadMeta(String sessionId) {
        Path file = sessionDir(sessionId).resolve(META);
        try {
            byte[] bytes = FilePermissions.read(file);
            return Optional.of(SessionMeta.fromJson(Json.parse(bytes)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (StoreException e) {
            throw e; // a link or a stranger's file: says so itself
        } catch (RuntimeException e) {
            throw new StoreException("corrupt " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces meta.json atomically; callers pass meta that went through their redactor. */
    public void writeMeta(SessionMeta meta) {
        withLock(meta.sessionId(), () -> {
            writeMetaUnlocked(meta);
            return null;
        });
    }

    /**
     * Reads, changes and writes meta.json as one step under the session lock. Returns the new meta.
     * A missing meta.json is a {@link StoreException}.
     */
    public SessionMeta updateMeta(String sessionId, UnaryOperator<SessionMeta> change) {
        return withLock(sessionId, new FileLocks.Locked<SessionMeta>() {
            @Override
            public SessionMeta run() {
                SessionMeta updated = change.apply(readMeta(sessionId));
                writeMetaUnlocked(updated);
                return updated;
            }
        });
    }

    private void writeMetaUnlocked(SessionMeta meta) {
        Path target = sessionDir(meta.sessionId()).resolve(META);
        try {
            // No trailing newline, as the original writes it.
            FilePermissions.replace(target,
                    Json.write(meta.toJson(), Json.Style.PRETTY_ASCII).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StoreException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    <T> T withLock(String sessionId, FileLocks.Locked<T> action) {
        try {
            Path lockFile = privateSessionDir(sessionId).resolve(LOCK);
            FilePermissions.createPrivateFile(lockFile);
            return FileLocks.withLockFile(lockFile, action);
        } catch (IOException e) {
            throw new StoreException("cannot lock session " + sessionId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every session with a readable meta.json, most recently started first. Directories named like a
     * session whose meta.json is missing or corrupt, and symbolic links named like a session, are skipped and
     * reported to {@code warnings}; other names (the {@code .hook} state, staging directories) are not
     * sessions and are passed over.
     */
    public List<SessionMeta> list(Consumer<String> warnings) {
        List<SessionMeta> sessions = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return sessions;
        }
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                if (SessionIds.isValid(entry.getFileName().toString())) {
                    candidates.add(entry);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot list " + root + ": " + e.getMessage(), e);
        } catch (java.nio.file.DirectoryIteratorException e) { // an I/O error part-way through the listing
            throw new StoreException("cannot list " + root + ": " + e.getCause().getMessage(), e);
        }
        Object[] found = new Object[candidates.size()];
        readAll(candidates, found);
        // Warnings in the directory's order, from this thread, whatever thread read the session.
        for (Object f : found) {
            if (f instanceof SessionMeta m) {
                sessions.add(m);
            } else if (f instanceof String warning) {
                warnings.accept(warning);
            }
        }
        sessions.sort(Comparator.comparingDouble(SessionMeta::startedAt).reversed()
                .thenComparing(SessionMeta::sessionId, Comparator.reverseOrder()));
        return sessions;
    }

    /**
     * Reads each candidate into {@code found} at its index ({@link #readEntry}); thousands of sessions on
     * several threads: a trace directory of 10,000 sessions is 10,000 open-read-close-parse rounds, and
     * {@code list} waits for all of them.
     */
    private void readAll(List<Path> candidates, Object[] found) {
        int threads = Math.min(Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()),
                candidates.size() / SESSIONS_PER_THREAD);
        if (threads <= 1) {
            for (int i = 0; i < found.length; i++) {
                found[i] = readEntry(candidates.get(i));
            }
            return;
        }
        RuntimeException[] failures = new RuntimeException[threads];
        List<Thread> workers = new ArrayList<>(threads - 1);
        for (int t = 0; t < threads; t++) {
            int first = t;
            Runnable work = () -> {
                try {
                    for (int i = first; i < found.length; i += threads) { // interleaved: alike shares of work
                        found[i] = readEntry(candidates.get(i));
                    }
                } catch (RuntimeException e) {
                    failures[first] = e;
                }
            };
            if (t == threads - 1) {
                work.run(); // this thread takes the last share
            } else {
                Thread worker = new Thread(work, "agent-strace-list-" + t);
                worker.setDaemon(true);
                worker.start();
                workers.add(worker);
            }
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while listing " + root, e);
            }
        }
        for (RuntimeException e : failures) {
            if (e != null) {
                throw e;
            }
        }
    }

    /**
     * One entry named like a session: its meta, a warning (a link, a directory without or with a corrupt
     * meta.json, a meta.json naming another session), or null for what is not a session (a stray file).
     * One read per session and no stat: asking first whether each entry is a directory and whether it holds
     * a meta.json costs two more system calls per session; the rare entry that is not a session fails to
     * read and is told apart then.
     */
    private Object readEntry(Path entry) {
        String name = entry.getFileName().toString();
        if (Files.isSymbolicLink(entry)) {
            // Read through, it would show another directory's session (or one of --all's twice). One lstat per
            // entry: about 10 ms over 10,000 sessions.
            return "skipped " + name + ": " + entry + " is a symbolic link; agent-strace does not"
                    + " follow links inside the trace directory";
        }
        try {
            Optional<SessionMeta> meta = tryReadMeta(name);
            if (meta.isEmpty()) {
                return Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) ? "skipped " + name + ": " + noMeta(entry)
                        : null;
            }
            if (!meta.get().sessionId().equals(name)) {
                // A copied or renamed directory: resolving its meta's id would point elsewhere.
                return "skipped " + name + ": its meta.json names session " + meta.get().sessionId();
            }
            return meta.get();
        } catch (StoreException e) {
            // Else a stray file, or no meta.json.
            return Files.isRegularFile(entry.resolve(META)) ? "skipped " + name + ": " + e.getMessage() : null;
        }
    }

    /**
     * Resolves what a user typed: null or empty means the latest (most recently started) top-level session
     * (a subagent session starts after its parent, but the user means the parent); else an exact id, else a
     * unique prefix. A prefix that matches one top-level session and only subagent sessions besides (their
     * ids usually extend the parent's) means the top-level one. Other ambiguous prefixes fail listing the
     * candidates.
     */
    public String resolve(String idOrPrefix, Consumer<String> warnings) {
        if (idOrPrefix == null || idOrPrefix.isEmpty()) {
            List<SessionMeta> all = list(warnings);
            if (all.isEmpty()) {
                throw new StoreException("No sessions found in " + root);
            }
            return all.stream().filter(m -> m.parentSessionId().isEmpty()).findFirst().orElse(all.get(0)).sessionId();
        }
        SessionIds.requireValid(idOrPrefix);
        if (exists(idOrPrefix)) {
            return idOrPrefix;
        }
        if (Files.isDirectory(sessionDir(idOrPrefix))) {
            throw notFound(idOrPrefix); // the user named it exactly: say what it lacks, not that it is not there
        }
        List<String> matches = new ArrayList<>();
        List<String> topLevel = new ArrayList<>();
        for (SessionMeta m : list(warnings)) {
            if (m.sessionId().startsWith(idOrPrefix)) {
                matches.add(m.sessionId());
                if (m.parentSessionId().isEmpty()) {
                    topLevel.add(m.sessionId());
                }
            }
        }
        if (matches.size() > 1 && topLevel.size() == 1) {
            return topLevel.get(0);
        }
        if (matches.isEmpty()) {
            throw new StoreException("Session not found: " + idOrPrefix);
        }
        if (matches.size() > 1) {
            matches.sort(null);
            throw new StoreException("ambiguous session prefix '" + idOrPrefix + "' matches " + matches.size()
                    + " sessions: " + String.join(", ", matches.subList(0, Math.min(10, matches.size())))
                    + (matches.size() > 10 ? ", ..." : ""));
        }
        return matches.get(0);
    }

    /** A writer that appends to the session's events file; the session must have been created. */
    public SessionWriter writer(String sessionId, Redactor redactor) {
        if (!exists(sessionId)) {
            throw new StoreException("Session not found: " + sessionId);
        }
        Path dir;
        try {
            dir = privateSessionDir(sessionId);
        } catch (IOException e) {
            throw new StoreException("cannot open session " + sessionId + ": " + e.getMessage(), e);
        }
        return new SessionWriter(this, sessionId, dir.resolve(EVENTS), redactor);
    }

    /**
     * Marks the session as being recorded by this process until the mark is closed (see
     * {@link RecorderMark}): the long-lived recorders hold it for their whole life. A {@link StoreException}
     * when it cannot be taken.
     */
    public RecorderMark markRecorder(String sessionId) {
        return RecorderMark.hold(sessionDir(sessionId));
    }

    /**
     * Whether the session's recorder is alive, gone (ended or killed) or was never there (hooks,
     * imports, the original's sessions). Safe to call from the process that records the session.
     */
    public RecorderState recorder(String sessionId) {
        return RecorderMark.probe(sessionDir(sessionId));
    }

    /** A streaming reader over the session's events; bad lines go to {@code warnings}. */
    public SessionReader reader(String sessionId, Consumer<String> warnings) {
        if (!exists(sessionId)) {
            throw notFound(sessionId);
        }
        return new SessionReader(eventsFile(sessionId), warnings);
    }

}
