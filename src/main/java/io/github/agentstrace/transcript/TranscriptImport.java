package io.github.agentstrace.transcript;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Usage;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.provenance.GitProcess;
import io.github.agentstrace.provenance.Provenance;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.SessionIds;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.StoreException;
import io.github.agentstrace.store.TraceDirRegistry;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code import}: a Claude Code transcript (and its subagent transcripts) becomes a session.
 *
 * <p>The session id is the transcript's {@code sessionId}. A session is built in a staging directory and
 * then moved into place, replacing an earlier import of the same transcript, so importing twice never
 * duplicates events and a failed import leaves the previous one intact.
 */
public final class TranscriptImport {
    /** What one import produced. */
    public record Result(String sessionId, long events, long turns, Usage usage, List<String> children) {
    }

    private final TraceStore store;
    private final Redactor redactor;
    private final Ids ids;
    private final Consumer<String> warnings;

    public TranscriptImport(TraceStore store, Redactor redactor, Ids ids, Consumer<String> warnings) {
        this.store = store;
        this.redactor = redactor;
        this.ids = ids;
        this.warnings = warnings;
    }

    /**
     * Imports one transcript file; subagent transcripts beside it become child sessions. A file that is
     * not a transcript is a {@link StoreException} saying why, and nothing is written.
     */
    public Result importFile(Path transcript) {
        String problem = notATranscript(transcript);
        if (problem != null) {
            throw new StoreException(problem);
        }
        String id = sessionIdOf(transcript);
        Result parent = importOne(transcript, id, null, null, 0);
        List<String> children = new ArrayList<>();
        Path subagents = transcript.resolveSibling(stem(transcript)).resolve("subagents");
        if (Files.isDirectory(subagents)) {
            Map<String, String> spawnedBy = parentCalls(id);
            try (Stream<Path> files = Files.list(subagents)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                    String skip = notATranscript(f);
                    if (skip != null) {
                        warnings.accept("skipped subagent " + skip);
                        continue;
                    }
                    String agentId = stem(f).replaceFirst("^agent-", "");
                    String childId = childId(id, agentId);
                    importOne(f, childId, id, spawnedBy.get(agentId), 1);
                    children.add(childId);
                }
            } catch (IOException e) {
                warnings.accept("cannot list " + subagents + ": " + e.getMessage());
            }
        }
        return new Result(parent.sessionId(), parent.events(), parent.turns(), parent.usage(), children);
    }

    // The parent's import recorded which tool call launched which agent (data.agent_id on its result).
    private Map<String, String> parentCalls(String id) {
        Map<String, String> result = new LinkedHashMap<>();
        store.reader(id, warnings).forEach(e -> {
            if (e.data().get("agent_id") instanceof String agent && e.parentId() != null) {
                result.put(agent, e.parentId());
            }
        });
        return result;
    }

    /**
     * Why {@code file} cannot be imported (one line naming it), or null when it is a transcript: a regular
     * file with at least one user or assistant message line. Reads the file; writes nothing.
     */
    static String notATranscript(Path file) {
        if (Files.isDirectory(file)) {
            return file + " is a directory, not a transcript (a .jsonl file; 'import --discover' lists them)";
        }
        if (!Files.isRegularFile(file)) {
            return "no such transcript: " + file;
        }
        long[] seen = {0, 0}; // JSON object lines, message lines
        try {
            if (Files.size(file) == 0) {
                return file + " is empty, not a Claude Code transcript";
            }
            TranscriptLines.read(file, 0, (json, lineNo, offset) -> {
                seen[0]++;
                String type = Json.asString(json.get("type"));
                if (("user".equals(type) || "assistant".equals(type)) && json.get("message") instanceof Map<?, ?>) {
                    seen[1]++;
                }
                return seen[1] == 0;
            }, w -> { });
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (seen[1] > 0) {
            return null;
        }
        return file + " is not a Claude Code transcript: " + (seen[0] == 0 ? "no line of it is a JSON object"
                : "no line of it is a user or assistant message") + " (expected the JSON lines of"
                + " ~/.claude/projects/<project>/<session>.jsonl)";
    }

    private Result importOne(Path file, String id, String parentSession, String parentEvent, int depth) {
        SessionIds.requireValid(id);
        Path staging = store.root().resolve(".import-" + ids.sessionId());
        TraceStore stage = new TraceStore(staging, TraceDirRegistry.NONE); // a staging directory is no trace directory
        try {
            double first = firstTimestamp(file);
            if (first <= 0) {
                first = modified(file); // no line carries a time: the file's own is the best there is
            }
            SessionMeta meta = SessionMeta.start(id, first, "claude-code", "imported from " + file)
                    .withParent(parentSession, parentEvent, depth);
            stage.create(meta, redactor);
            try (SessionWriter writer = stage.writer(id, redactor)) {
                long[] count = {1};
                Where where = new Where();
                writer.append(start(id, first, file, parentSession));
                TranscriptMapper mapper = new TranscriptMapper(id, ids, false, new HashSet<>(), e -> {
                    writer.append(e);
                    count[0]++;
                });
                try {
                    TranscriptLines.read(file, 0, (json, lineNo, offset) -> {
                        mapper.line(json, offset);
                        where.see(json);
                        return true;
                    }, warnings);
                } catch (IOException e) {
                    throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
                }
                mapper.finish();
                double last = Math.max(first, mapper.lastTimestamp());
                Map<String, Object> end = new LinkedHashMap<>();
                end.put("source", "import");
                end.put("llm_turns", mapper.turns());
                end.putAll(mapper.totalUsage().toData());
                writer.append(TraceEvent.of(EventType.SESSION_END, last, ids.eventId(), id, null, null, end));
                count[0]++;
                long tokens = mapper.totalUsage().total();
                writer.flushMeta(m -> m.withTotalTokens(tokens).endedAt(last));
                if (depth == 0 && where.cwd != null) {
                    writeProvenance(stage.sessionDir(id), where, first, last);
                }
                moveIntoPlace(stage.sessionDir(id), store.sessionDir(id));
                store.register();
                return new Result(id, count[0], mapper.turns(), mapper.totalUsage(), List.of());
            }
        } finally {
            deleteTree(staging);
        }
    }

    /** Where a transcript's session ran: the first {@code cwd}, and the first and last {@code gitBranch}. */
    private static final class Where {
        String cwd;
        String firstBranch;
        String lastBranch;

        void see(Map<String, Object> line) {
            if (cwd == null && line.get("cwd") instanceof String c && !c.isEmpty()) {
                cwd = c;
            }
            if (line.get("gitBranch") instanceof String b && !b.isEmpty()) {
                firstBranch = firstBranch == null ? b : firstBranch;
                lastBranch = b;
            }
        }
    }

    private void writeProvenance(Path sessionDir, Where where, double first, double last) {
        try {
            Provenance.imported(redactor.privacy().wire(), Path.of(where.cwd), where.firstBranch, where.lastBranch,
                    first, last, GitProcess.standard()).write(sessionDir, redactor);
        } catch (IOException | RuntimeException e) {
            warnings.accept("provenance not recorded: " + e.getMessage());
        }
    }

    private static double modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() / 1000.0;
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static double firstTimestamp(Path file) {
        double[] first = {0};
        try {
            TranscriptLines.read(file, 0, (json, lineNo, offset) -> {
                first[0] = TranscriptMapper.timestamp(json.get("timestamp"));
                return first[0] <= 0;
            }, w -> { });
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return first[0];
    }

    private TraceEvent start(String id, double ts, Path file, String parentSession) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mode", "import");
        data.put("transcript", file.toString());
        data.put("redaction", redactor.enabled() ? "on" : "off");
        if (parentSession != null) {
            data.put("parent_session_id", parentSession);
        }
        return TraceEvent.of(EventType.SESSION_START, ts, ids.eventId(), id, null, null, data);
    }

    private void moveIntoPlace(Path built, Path target) {
        try {
            io.github.agentstrace.store.FilePermissions.createPrivateDirectories(store.root());
            Path old = null;
            if (Files.exists(target)) {
                old = store.root().resolve(".import-old-" + ids.sessionId());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(built, target, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                deleteTree(old);
            }
        } catch (IOException e) {
            throw new StoreException("cannot move the imported session into " + target + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover staging directory is skipped by list (its name is not a valid id)
        }
    }

    /** The transcript's own {@code sessionId} (first line that has one), else the file name's stem. */
    static String sessionIdOf(Path transcript) {
        String[] found = {null};
        try {
            TranscriptLines.read(transcript, 0, (json, lineNo, offset) -> {
                if (json.get("sessionId") instanceof String s && SessionIds.isValid(s)) {
                    found[0] = s;
                }
                return found[0] == null;
            }, w -> { });
        } catch (IOException e) {
            throw new StoreException("cannot read " + transcript + ": " + e.getMessage(), e);
        }
        return found[0] != null ? found[0] : SessionIds.requireValid(stem(transcript));
    }

    static String childId(String parentId, String agentId) {
        String id = (parentId + "-agent-" + agentId).replaceAll("[^A-Za-z0-9_-]", "_");
        return id.length() > SessionIds.MAX_LENGTH ? id.substring(0, SessionIds.MAX_LENGTH) : id;
    }

    private static String stem(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
    }

    /** Transcripts under a Claude config dir ({@code projects/<slug>/<id>.jsonl}), newest first. */
    public static List<Path> discover(Path claudeDir) {
        Path projects = claudeDir.resolve("projects");
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(projects)) {
            return found;
        }
        try (DirectoryStream<Path> slugs = Files.newDirectoryStream(projects, Files::isDirectory)) {
            for (Path slug : slugs) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(slug, "*.jsonl")) {
                    files.forEach(found::add);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot list " + projects + ": " + e.getMessage(), e);
        }
        found.sort(Comparator.comparing((Path p) -> {
            try {
                return Files.getLastModifiedTime(p).toMillis();
            } catch (IOException e) {
                return 0L;
            }
        }).reversed());
        return found;
    }
}
