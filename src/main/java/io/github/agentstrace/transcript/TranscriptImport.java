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
 * {@code import}: a Claude Code transcript (and its subagent transcripts), a Codex CLI rollout
 * ({@link CodexRollout}), a Gemini CLI chat ({@link GeminiChat}) or a Copilot CLI session log
 * ({@link CopilotEvents}) becomes a session, named after the agent.
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
        Kind kind = kindOf(transcript);
        if (kind != Kind.CLAUDE_CODE) {
            return importOne(transcript, agentSessionId(transcript, kind), null, null, 0, kind);
        }
        String problem = notATranscript(transcript);
        if (problem != null) {
            throw new StoreException(problem);
        }
        String id = sessionIdOf(transcript);
        Result parent = importOne(transcript, id, null, null, 0, Kind.CLAUDE_CODE);
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
                    importOne(f, childId, id, spawnedBy.get(agentId), 1, Kind.CLAUDE_CODE);
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

    /** The agents whose transcripts {@code import} reads, and the agent name their sessions get. */
    enum Kind {
        CLAUDE_CODE("claude-code"), CODEX("codex"), GEMINI("gemini"), COPILOT("copilot");

        final String agent;

        Kind(String agent) {
            this.agent = agent;
        }
    }

    /**
     * Which agent wrote a transcript, from its first JSON line (a Gemini chat of the older single-object form:
     * from the whole file); Claude Code's when no other agent's shape is seen.
     */
    static Kind kindOf(Path file) {
        if (!Files.isRegularFile(file)) {
            return Kind.CLAUDE_CODE; // notATranscript says why
        }
        if (file.getFileName().toString().endsWith(".json")) {
            return legacyGemini(file) != null ? Kind.GEMINI : Kind.CLAUDE_CODE;
        }
        Kind[] kind = {Kind.CLAUDE_CODE};
        try {
            TranscriptLines.read(file, 0, (json, lineNo, offset) -> {
                kind[0] = CodexRollout.isRollout(json) ? Kind.CODEX : GeminiChat.isChat(json) ? Kind.GEMINI
                        : CopilotEvents.isSessionLog(json) ? Kind.COPILOT : Kind.CLAUDE_CODE;
                return false;
            }, w -> { });
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return kind[0];
    }

    /** A Gemini chat written as one JSON object (before the JSONL form), or null when the file is not one. */
    private static Map<String, Object> legacyGemini(Path file) {
        try {
            Object parsed = Json.parse(Files.readAllBytes(file));
            return parsed instanceof Map<?, ?> m && GeminiChat.isChat(Json.asObject(m)) ? Json.asObject(m) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String agentSessionId(Path file, Kind kind) {
        String[] found = {null};
        if (file.getFileName().toString().endsWith(".json")) {
            found[0] = Json.asString(legacyGemini(file).get("sessionId"));
        } else {
            try {
                TranscriptLines.read(file, 0, (json, lineNo, offset) -> {
                    found[0] = kind == Kind.CODEX ? CodexRollout.sessionId(json)
                            : kind == Kind.COPILOT ? CopilotEvents.sessionId(json) : Json.asString(json.get("sessionId"));
                    return false;
                }, w -> { });
            } catch (IOException e) {
                throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return found[0] != null && SessionIds.isValid(found[0]) ? found[0] : SessionIds.requireValid(stem(file));
    }

    private Result importOne(Path file, String id, String parentSession, String parentEvent, int depth, Kind kind) {
        SessionIds.requireValid(id);
        Path staging = store.root().resolve(".import-" + ids.sessionId());
        TraceStore stage = new TraceStore(staging, TraceDirRegistry.NONE); // a staging directory is no trace directory
        try {
            double first = firstTimestamp(file);
            if (first <= 0) {
                first = modified(file); // no line carries a time: the file's own is the best there is
            }
            SessionMeta meta = SessionMeta.start(id, first, kind.agent, "imported from " + file)
                    .withParent(parentSession, parentEvent, depth);
            stage.create(meta, redactor);
            try (SessionWriter writer = stage.writer(id, redactor)) {
                long[] count = {1};
                Where where = new Where();
                writer.append(start(id, first, file, parentSession, kind));
                Consumer<TraceEvent> out = e -> {
                    writer.append(e);
                    count[0]++;
                };
                long turns;
                Usage usage;
                double lastSeen;
                if (kind == Kind.CLAUDE_CODE) {
                    TranscriptMapper mapper = new TranscriptMapper(id, ids, false, new HashSet<>(), out);
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
                    turns = mapper.turns();
                    usage = mapper.totalUsage();
                    lastSeen = mapper.lastTimestamp();
                } else {
                    AgentTranscript t = new AgentTranscript(id, ids, out);
                    if (kind == Kind.CODEX) {
                        CodexRollout rollout = new CodexRollout(t);
                        readLines(file, rollout::line);
                    } else if (kind == Kind.COPILOT) {
                        CopilotEvents log = new CopilotEvents(t);
                        readLines(file, log::line);
                    } else {
                        GeminiChat chat = new GeminiChat();
                        Map<String, Object> legacy = file.getFileName().toString().endsWith(".json")
                                ? legacyGemini(file) : null;
                        if (legacy != null) {
                            chat.record(legacy);
                        } else {
                            readLines(file, chat::record);
                        }
                        chat.emit(t, first);
                    }
                    turns = t.turns();
                    usage = t.totalUsage();
                    lastSeen = t.lastTimestamp();
                }
                double last = Math.max(first, lastSeen);
                Map<String, Object> end = new LinkedHashMap<>();
                end.put("source", "import");
                end.put("llm_turns", turns);
                end.putAll(usage.toData());
                writer.append(TraceEvent.of(EventType.SESSION_END, last, ids.eventId(), id, null, null, end));
                count[0]++;
                long tokens = usage.total();
                long calls = turns;
                writer.flushMeta(m -> m.withTotalTokens(tokens).endedAt(last));
                if (depth == 0 && where.cwd != null) {
                    writeProvenance(stage.sessionDir(id), where, first, last);
                }
                moveIntoPlace(stage.sessionDir(id), store.sessionDir(id));
                store.register();
                return new Result(id, count[0], calls, usage, List.of());
            }
        } finally {
            deleteTree(staging);
        }
    }

    private void readLines(Path file, Consumer<Map<String, Object>> each) {
        try {
            TranscriptLines.read(file, 0, (json, lineNo, offset) -> {
                each.accept(json);
                return true;
            }, warnings);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
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

    private TraceEvent start(String id, double ts, Path file, String parentSession, Kind kind) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mode", "import");
        data.put("transcript", file.toString());
        if (kind != Kind.CLAUDE_CODE) {
            data.put("agent", kind.agent);
        }
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

    /** The Claude Code transcript's own {@code sessionId} (first line that has one), else the file name's stem. */
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

    /** Codex CLI rollouts under a Codex home ({@code sessions/YYYY/MM/DD/rollout-*.jsonl}), newest first. */
    public static List<Path> discoverCodex(Path codexHome) {
        List<Path> found = new ArrayList<>();
        Path sessions = codexHome.resolve("sessions");
        if (Files.isDirectory(sessions)) {
            try (Stream<Path> all = Files.walk(sessions, 4)) {
                all.filter(p -> p.getFileName().toString().startsWith("rollout-")
                        && p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p)).forEach(found::add);
            } catch (IOException e) {
                throw new StoreException("cannot list " + sessions + ": " + e.getMessage(), e);
            }
        }
        return newestFirst(found);
    }

    /**
     * Gemini CLI chats under a Gemini directory ({@code tmp/<project hash>/chats/session-*.jsonl}, and the
     * older {@code session-*.json} unless it was migrated beside itself), newest first.
     */
    public static List<Path> discoverGemini(Path geminiDir) {
        List<Path> found = new ArrayList<>();
        Path tmp = geminiDir.resolve("tmp");
        if (Files.isDirectory(tmp)) {
            try (DirectoryStream<Path> projects = Files.newDirectoryStream(tmp, Files::isDirectory)) {
                for (Path project : projects) {
                    Path chats = project.resolve("chats");
                    if (!Files.isDirectory(chats)) {
                        continue;
                    }
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(chats, "session-*.{jsonl,json}")) {
                        for (Path f : files) {
                            boolean migrated = f.toString().endsWith(".json") && Files.exists(Path.of(f + "l"));
                            if (!migrated && Files.isRegularFile(f)) {
                                found.add(f);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new StoreException("cannot list " + tmp + ": " + e.getMessage(), e);
            }
        }
        return newestFirst(found);
    }

    /** Copilot CLI session logs under a Copilot home ({@code session-state/<session id>/events.jsonl}), newest first. */
    public static List<Path> discoverCopilot(Path copilotHome) {
        List<Path> found = new ArrayList<>();
        Path state = copilotHome.resolve("session-state");
        if (Files.isDirectory(state)) {
            try (DirectoryStream<Path> sessions = Files.newDirectoryStream(state, Files::isDirectory)) {
                for (Path session : sessions) {
                    Path events = session.resolve("events.jsonl");
                    if (Files.isRegularFile(events)) {
                        found.add(events);
                    }
                }
            } catch (IOException e) {
                throw new StoreException("cannot list " + state + ": " + e.getMessage(), e);
            }
        }
        return newestFirst(found);
    }

    private static List<Path> newestFirst(List<Path> found) {
        found.sort(Comparator.comparing((Path p) -> {
            try {
                return Files.getLastModifiedTime(p).toMillis();
            } catch (IOException e) {
                return 0L;
            }
        }).reversed());
        return found;
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
        return newestFirst(found);
    }
}
