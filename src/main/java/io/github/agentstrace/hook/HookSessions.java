package io.github.agentstrace.hook;

import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.provenance.GitProcess;
import io.github.agentstrace.provenance.Provenance;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.FilePermissions;
import io.github.agentstrace.store.SessionIds;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The trace sessions of hooks: a main session per Claude session, created by whichever hook mentions it
 * first, and a child session per subagent, linked to the Agent/Task call that spawned it. Also where hook
 * events are written and sessions are ended.
 *
 * <p>Many hook processes may race to create a session; {@link TraceStore#create} keeps the first meta and
 * the exclusive creation of {@code .hook/created} picks the one process that writes its first
 * session_start.
 */
final class HookSessions {
    private static final String CREATED_MARKER = "created";

    private final TraceStore store;
    private final HookState state;
    private final EventMapper mapper;
    private final Ids ids;
    private final Redactor redactor;
    private final Map<String, String> env;
    private final SessionWriters writers;

    HookSessions(TraceStore store, HookState state, EventMapper mapper, Ids ids, Redactor redactor,
                 Map<String, String> env, SessionWriters writers) {
        this.writers = writers;
        this.store = store;
        this.state = state;
        this.mapper = mapper;
        this.ids = ids;
        this.redactor = redactor;
        this.env = env;
    }

    /**
     * Creates the main session if this is the first hook to mention it. Returns true when this process
     * created it (then it also wrote the first session_start, unless this is SessionStart itself).
     */
    boolean ensureMain(Payload p, String sid, String claudeSession, double now, boolean isStart) throws IOException {
        if (store.exists(sid)) {
            return false;
        }
        String source = isStart ? p.text("source", "startup") : "unknown";
        SessionMeta meta = SessionMeta.start(sid, now, HookRecorder.AGENT_NAME, "claude-code (" + source + ")")
                .withAttribution(attribution(p));
        store.create(meta, redactor);
        if (!claimCreation(sid)) {
            return false;
        }
        // Git's files only, no process: a new session's first hook pays a few small reads, not a git run.
        Provenance.recordStart(store.sessionDir(sid), workingDir(p), null, redactor);
        if (!isStart) {
            // Hooks installed mid-session: no SessionStart will come, so open the timeline here.
            append(sid, mapper.sessionStart(p, sid, now, claudeSession, "unknown", true));
        }
        return true;
    }

    /** True for the one process whose marker file creation succeeded. */
    private boolean claimCreation(String sid) throws IOException {
        Path dir = FilePermissions.createPrivateDirectories(store.root(), store.sessionDir(sid).resolve(HookState.DIR));
        return FilePermissions.createPrivateFile(dir.resolve(CREATED_MARKER));
    }

    /** SessionStart: a new session's first event, or a resumed (cleared, compacted) session going on. */
    void sessionStart(Payload p, String sid, String claudeSession, double now, boolean created) {
        String source = p.text("source", "startup");
        SessionWriter w = writers.open(store, sid, redactor);
        try {
            w.append(mapper.sessionStart(p, sid, now, claudeSession, source, false));
            if (!created) {
                // resume, clear, compact: the same session goes on; counters stay, an ended session reopens
                w.flushMeta(new UnaryOperator<SessionMeta>() {
                    @Override
                    public SessionMeta apply(SessionMeta m) {
                        return reopen(m, source);
                    }
                });
            }
        } finally {
            writers.release(w);
        }
    }

    private static SessionMeta reopen(SessionMeta m, String source) {
        return new SessionMeta(m.sessionId(), m.startedAt(), null, m.agentName(),
                m.command().isEmpty() || m.command().equals("claude-code (unknown)")
                        ? "claude-code (" + source + ")" : m.command(), m.toolCalls(), m.llmRequests(),
                m.errors(), m.totalTokens(), 0, m.parentSessionId(), m.parentEventId(), m.depth(), m.attribution());
    }

    /**
     * The child session of a subagent, created on its first event: linked to the call that spawned it
     * (known exactly once PostToolUse named the agent, else the oldest unclaimed Agent call of the
     * matching type), depth one below the spawning session.
     */
    String ensureChild(Payload p, String mainSid, String agentId, double now, boolean isStart) throws IOException {
        String child = agentId;
        String agentType = p.text("agent_type");
        if (store.exists(child)) {
            if (isStart) {
                append(child, mapper.childStart(p, child, now, agentType, "resume", null, null));
            }
            return child;
        }
        String claimant = ids.eventId();
        HookState.Open link = state.agentLink(mainSid, agentId);
        if (link == null) {
            link = state.claimSpawn(mainSid, agentType, claimant);
        }
        String parentSession = link != null && SessionIds.isValid(link.extra1()) ? link.extra1() : mainSid;
        String parentEvent = link != null ? link.eventId() : "";
        int depth = 1;
        if (!parentSession.equals(mainSid) && store.exists(parentSession)) {
            depth = store.readMeta(parentSession).depth() + 1;
        }
        String agentName = agentType == null ? HookRecorder.AGENT_NAME : HookRecorder.AGENT_NAME + "/" + agentType;
        SessionMeta meta = SessionMeta.start(child, now, agentName,
                        "claude-code subagent" + (agentType == null ? "" : " (" + agentType + ")"))
                .withParent(parentSession, parentEvent, depth)
                .withAttribution(attribution(p));
        store.create(meta, redactor);
        if (claimCreation(child)) {
            append(child, mapper.childStart(p, child, now, agentType, isStart ? "subagent" : "unknown",
                    parentSession, parentEvent));
        }
        return child;
    }

    /**
     * Records which call spawned a subagent, now that its result names the agent, and corrects the child
     * session's link when its start had to guess.
     */
    void linkAgent(String mainSid, String agentId, String callEventId, String target) throws IOException {
        if (agentId == null || callEventId == null || !SessionIds.isValid(agentId)) {
            return;
        }
        state.putAgentLink(mainSid, agentId, callEventId, target);
        if (store.exists(agentId)) {
            SessionMeta child = store.readMeta(agentId);
            if (!callEventId.equals(child.parentEventId()) || !target.equals(child.parentSessionId())) {
                int depth = target.equals(mainSid) ? 1 : store.readMeta(target).depth() + 1;
                store.updateMeta(agentId, new UnaryOperator<SessionMeta>() {
                    @Override
                    public SessionMeta apply(SessionMeta m) {
                        return m.withParent(target, callEventId, depth);
                    }
                });
            }
        }
    }

    private Map<String, Object> attribution(Payload p) {
        Map<String, Object> a = new LinkedHashMap<>();
        EventMapper.putText(a, "os_user", System.getProperty("user.name"));
        EventMapper.putText(a, "hostname", env.get("HOSTNAME"));
        ProcessHandle self = ProcessHandle.current();
        a.put("pid", self.pid());
        Optional<ProcessHandle> parent = self.parent();
        if (parent.isPresent()) {
            a.put("ppid", parent.get().pid());
        }
        a.put("agent_provider", HookRecorder.AGENT_NAME);
        EventMapper.putText(a, "agent_version", env.get("CLAUDE_CODE_VERSION"));
        EventMapper.putText(a, "working_dir", p.text("cwd"));
        return a;
    }

    /** Ends a main session (SessionEnd) or a subagent's ({@code subagent}: SubagentStop). */
    void end(Payload p, String sid, double now, boolean subagent) {
        double started = store.readMeta(sid).startedAt();
        double duration = Math.max(0, (now - started) * 1000.0);
        SessionWriter w = writers.open(store, sid, redactor);
        try {
            w.append(mapper.sessionEnd(p, sid, now, duration, subagent));
            w.flushMeta(new UnaryOperator<SessionMeta>() {
                @Override
                public SessionMeta apply(SessionMeta m) {
                    return m.endedAt(now);
                }
            });
        } finally {
            writers.release(w);
        }
    }

    /**
     * Completes a main session's {@code provenance.json} at its end: the git runs (dirty state, commits, diff)
     * a start cannot afford, once per session.
     */
    void endProvenance(Payload p, String sid) {
        Provenance.recordEnd(store.sessionDir(sid), workingDir(p), GitProcess.standard(), redactor);
    }

    /** The session's working directory: the payload's {@code cwd}, else the project's; null when neither. */
    private Path workingDir(Payload p) {
        String cwd = p.text("cwd");
        if (cwd == null || cwd.isEmpty()) {
            cwd = env.get("CLAUDE_PROJECT_DIR");
        }
        try {
            return cwd == null || cwd.isEmpty() ? null : Path.of(cwd);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** Writes one event (null: nothing) to a session through its redacting writer. */
    void append(String sid, TraceEvent e) {
        if (e == null) {
            return;
        }
        SessionWriter w = writers.open(store, sid, redactor);
        try {
            w.append(e);
        } finally {
            writers.release(w);
        }
    }
}
