package io.github.agentstrace.hook;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.otlp.AutoExport;
import io.github.agentstrace.store.FilePermissions;
import io.github.agentstrace.store.SessionIds;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.transcript.TranscriptTail;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one Claude Code hook invocation (event name + stdin) into trace events.
 *
 * <p>The trace session is the first 16 characters of the payload's {@code session_id} (as the original
 * names it), created on the first hook that mentions it; payloads with an {@code agent_id} go to a child
 * session named by the agent id and linked to the Agent/Task call that spawned it. A tool result finds
 * its call through {@code tool_use_id}: the call's event id is derived from it, and its timestamp waits
 * in a small state file ({@link HookState}), so pairing costs the same at the first call and the ten
 * thousandth. Nothing here prints; problems are thrown for the caller to log.
 */
public final class HookRecorder {
    static final String AGENT_NAME = "claude-code";
    static final String MODE = "claude-code-hooks";
    private static final String CREATED_MARKER = "created";

    private final HookConfig config;
    private final Clock clock;
    private final Ids ids;
    private final TraceStore store;
    private final HookState state;
    private final FieldLimits limits;
    private final Map<String, String> env;

    /** Per-session file holding how far the Claude Code transcript has been read. */
    static final String TRANSCRIPT_STATE = ".transcript-state.json";

    // A corrupt transcript line costs one turn at most; the hook has nowhere to say so but its error log.
    private static final java.util.function.Consumer<String> IGNORE_WARNINGS = new java.util.function.Consumer<>() {
        @Override
        public void accept(String warning) {
        }
    };

    public HookRecorder(HookConfig config, Clock clock, Ids ids, Map<String, String> env) {
        this.config = config;
        this.clock = clock;
        this.ids = ids;
        this.env = env;
        this.store = new TraceStore(config.traceDir());
        this.state = new HookState(config.traceDir());
        this.limits = new FieldLimits(config.maxField());
    }

    /**
     * Records one hook. {@code eventArg} is the name on the command line; when the payload's
     * {@code hook_event_name} names a known event it wins (it is what actually happened). Unknown events
     * are ignored. Returns the event that was handled, or null when it was ignored.
     *
     * @throws HookInputException for a payload that cannot be recorded
     */
    public HookEvent record(String eventArg, byte[] stdin) throws IOException {
        Payload p = parse(stdin);
        HookEvent event = HookEvent.byName(p.text("hook_event_name"));
        if (event == null) {
            event = HookEvent.byName(eventArg);
        }
        if (event == null) {
            return null;
        }
        String claudeSession = p.text("session_id");
        if (claudeSession == null) {
            throw new HookInputException("payload has no session_id");
        }
        String sid = claudeSession.length() > 16 ? claudeSession.substring(0, 16) : claudeSession;
        if (!SessionIds.isValid(sid)) {
            throw new HookInputException("unusable session_id '" + printable(sid) + "'");
        }
        double now = now();
        String agentId = p.text("agent_id");
        boolean toChild = agentId != null && event != HookEvent.SESSION_START && event != HookEvent.SESSION_END;
        if (toChild && !SessionIds.isValid(agentId)) {
            throw new HookInputException("unusable agent_id '" + printable(agentId) + "'");
        }
        boolean created = ensureMain(p, sid, claudeSession, now, event == HookEvent.SESSION_START);
        String target = toChild ? ensureChild(p, sid, agentId, now, event == HookEvent.SUBAGENT_START) : sid;
        switch (event) {
            case SESSION_START -> sessionStart(p, sid, claudeSession, now, created);
            case USER_PROMPT -> userPrompt(p, target, now);
            case PRE_TOOL -> preTool(p, sid, target, now);
            case POST_TOOL -> postTool(p, sid, target, now, false);
            case POST_TOOL_FAILURE -> postTool(p, sid, target, now, true);
            case PERMISSION_DENIED -> permissionDenied(p, target, now);
            case STOP -> {
                assistantText(p, target, now);
                enrich(target, p.text(toChild ? "agent_transcript_path" : "transcript_path"), false);
            }
            case STOP_FAILURE -> stopFailure(p, target, now);
            case SUBAGENT_START -> { } // the child session and its session_start were made by ensureChild
            case SUBAGENT_STOP -> {
                if (toChild) {
                    subagentStop(p, target, now);
                }
            }
            case NOTIFICATION -> notification(p, target, now);
            case PRE_COMPACT -> compact(p, target, now, "compact", "custom_instructions");
            case POST_COMPACT -> compact(p, target, now, "compacted", "compact_summary");
            case SESSION_END -> sessionEnd(p, sid, now);
            default -> {
                return null;
            }
        }
        return event;
    }

    // ---- input -----------------------------------------------------------------------------------------

    private static Payload parse(byte[] stdin) {
        int start = 0;
        while (start < stdin.length && (stdin[start] == ' ' || stdin[start] == '\n' || stdin[start] == '\r'
                || stdin[start] == '\t')) {
            start++;
        }
        if (start == stdin.length) {
            throw new HookInputException("empty stdin");
        }
        Object parsed;
        try {
            parsed = Json.parse(stdin);
        } catch (JsonException e) {
            throw new HookInputException("stdin is not JSON (" + e.getMessage() + ")");
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw new HookInputException("stdin is JSON but not an object");
        }
        return new Payload(Json.asObject(parsed));
    }

    private static String printable(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder sb = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }

    private double now() {
        Instant t = clock.instant();
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    // ---- sessions --------------------------------------------------------------------------------------

    /**
     * Creates the main session if this is the first hook to mention it. Returns true when this process
     * created it (then it also wrote the first session_start, unless this is SessionStart itself).
     */
    private boolean ensureMain(Payload p, String sid, String claudeSession, double now, boolean isStart)
            throws IOException {
        if (store.exists(sid)) {
            return false;
        }
        String source = isStart ? p.text("source", "startup") : "unknown";
        SessionMeta meta = SessionMeta.start(sid, now, AGENT_NAME, "claude-code (" + source + ")")
                .withAttribution(attribution(p));
        store.create(meta, config.redactor());
        if (!claimCreation(sid)) {
            return false;
        }
        if (!isStart) {
            // Hooks installed mid-session: no SessionStart will come, so open the timeline here.
            Map<String, Object> data = startData(p, claudeSession, "unknown");
            data.put("lazy", true);
            append(sid, event(EventType.SESSION_START, sid, now, null, null, data));
        }
        return true;
    }

    /** True for the one process whose marker file creation succeeded. */
    private boolean claimCreation(String sid) throws IOException {
        Path dir = store.sessionDir(sid).resolve(HookState.DIR);
        FilePermissions.createPrivateDirectories(dir);
        try {
            Files.createFile(dir.resolve(CREATED_MARKER));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    private Map<String, Object> startData(Payload p, String claudeSession, String source) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mode", MODE);
        data.put("source", source);
        putText(data, "model", p.text("model"));
        data.put("claude_session_id", claudeSession);
        putText(data, "agent_type", p.text("agent_type"));
        putText(data, "session_title", limits.cap(p.text("session_title")));
        putText(data, "cwd", p.text("cwd"));
        putText(data, "transcript_path", p.text("transcript_path"));
        putText(data, "permission_mode", p.text("permission_mode"));
        data.put("redaction", config.redactor().enabled() ? "on" : "off");
        return data;
    }

    private void sessionStart(Payload p, String sid, String claudeSession, double now, boolean created)
            throws IOException {
        String source = p.text("source", "startup");
        Map<String, Object> data = startData(p, claudeSession, source);
        try (SessionWriter w = store.writer(sid, config.redactor())) {
            w.append(event(EventType.SESSION_START, sid, now, null, null, data));
            if (!created) {
                // resume, clear, compact: the same session goes on; counters stay, an ended session reopens
                w.flushMeta(m -> reopen(m, source));
            }
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
    private String ensureChild(Payload p, String mainSid, String agentId, double now, boolean isStart)
            throws IOException {
        String child = agentId;
        String agentType = p.text("agent_type");
        if (store.exists(child)) {
            if (isStart) {
                Map<String, Object> data = childStartData(p, agentId, agentType, "resume");
                append(child, event(EventType.SESSION_START, child, now, null, null, data));
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
        SessionMeta meta = SessionMeta.start(child, now, agentType == null ? AGENT_NAME : AGENT_NAME + "/" + agentType,
                        "claude-code subagent" + (agentType == null ? "" : " (" + agentType + ")"))
                .withParent(parentSession, parentEvent, depth)
                .withAttribution(attribution(p));
        store.create(meta, config.redactor());
        if (claimCreation(child)) {
            Map<String, Object> data = childStartData(p, agentId, agentType, isStart ? "subagent" : "unknown");
            data.put("parent_session_id", parentSession);
            putText(data, "parent_event_id", parentEvent);
            append(child, event(EventType.SESSION_START, child, now, null, null, data));
        }
        return child;
    }

    private Map<String, Object> childStartData(Payload p, String agentId, String agentType, String source) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mode", MODE);
        data.put("source", source);
        data.put("agent_id", agentId);
        putText(data, "agent_type", agentType);
        putText(data, "claude_session_id", p.text("session_id"));
        data.put("redaction", config.redactor().enabled() ? "on" : "off");
        return data;
    }

    private Map<String, Object> attribution(Payload p) {
        Map<String, Object> a = new LinkedHashMap<>();
        putText(a, "os_user", System.getProperty("user.name"));
        putText(a, "hostname", env.get("HOSTNAME"));
        ProcessHandle self = ProcessHandle.current();
        a.put("pid", self.pid());
        Optional<ProcessHandle> parent = self.parent();
        if (parent.isPresent()) {
            a.put("ppid", parent.get().pid());
        }
        a.put("agent_provider", AGENT_NAME);
        putText(a, "agent_version", env.get("CLAUDE_CODE_VERSION"));
        putText(a, "working_dir", p.text("cwd"));
        return a;
    }

    // ---- events ----------------------------------------------------------------------------------------

    private void userPrompt(Payload p, String target, double now) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("prompt", limits.cap(p.text("prompt", "")));
        putText(data, "prompt_id", p.text("prompt_id"));
        append(target, event(EventType.USER_PROMPT, target, now, null, null, data));
    }

    private void preTool(Payload p, String mainSid, String target, double now) throws IOException {
        String tool = p.text("tool_name", "unknown");
        String toolUseId = p.text("tool_use_id");
        String eventId = toolUseId != null ? callEventId(target, toolUseId) : ids.eventId();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tool_name", tool);
        Object input = p.get("tool_input");
        data.put("arguments", input == null ? new LinkedHashMap<String, Object>() : limits.capValue(input));
        putText(data, "tool_use_id", toolUseId);
        mcpNames(data, tool);
        boolean spawns = isAgentTool(tool);
        String subagentType = null;
        if (spawns) {
            subagentType = Json.asString(p.object("tool_input").get("subagent_type"));
            putText(data, "subagent_type", subagentType);
        }
        putText(data, "prompt_id", p.text("prompt_id"));
        // State first: a result hook racing this one must find the call as soon as possible.
        state.putPending(target, toolUseId, tool, eventId, now, System.nanoTime());
        if (spawns) {
            state.putSpawn(mainSid, toolUseId, eventId, target, subagentType, System.nanoTime());
        }
        TraceEvent call = new TraceEvent(EventType.TOOL_CALL.wire(), now, eventId, target, null, null, data);
        append(target, finish(call));
    }

    private void postTool(Payload p, String mainSid, String target, double now, boolean failed)
            throws IOException {
        String tool = p.text("tool_name", "unknown");
        String toolUseId = p.text("tool_use_id");
        String claimant = ids.eventId();
        Call call = findCall(target, tool, toolUseId, claimant);
        Double duration = p.number("duration_ms");
        if (duration == null && call.openedAt > 0) {
            duration = Math.max(0, (now - call.openedAt) * 1000.0);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tool_name", tool);
        EventType type;
        if (failed) {
            type = EventType.ERROR;
            String error = p.text("error");
            if (error == null) {
                Object legacy = p.get("tool_output");
                error = legacy == null || "".equals(legacy) ? "tool call failed" : ToolResults.readable(legacy);
            }
            data.put("error", limits.cap(error));
            if (p.get("is_interrupt") instanceof Boolean b) {
                data.put("is_interrupt", b);
            }
            if (isAgentTool(tool)) {
                state.dropSpawn(mainSid, toolUseId); // no subagent will start for a failed call
            }
        } else {
            type = EventType.TOOL_RESULT;
            Object response = p.get("tool_response");
            if (response == null) {
                response = p.get("tool_output");
            }
            data.put("result", limits.cap(ToolResults.readable(response)));
            var types = ToolResults.contentTypes(response);
            if (types != null) {
                data.put("content_types", types);
            }
            if (isAgentTool(tool)) {
                agentResult(data, Json.asObject(response), mainSid, target, call.eventId, toolUseId);
            }
        }
        putText(data, "tool_use_id", toolUseId);
        mcpNames(data, tool);
        putText(data, "prompt_id", p.text("prompt_id"));
        TraceEvent e = new TraceEvent(type.wire(), now, claimant, target, call.eventId, duration, data);
        append(target, finish(e));
    }

    /** The call a result belongs to: by tool_use_id (waiting briefly for a racing call hook), else by name. */
    private Call findCall(String target, String tool, String toolUseId, String claimant) throws IOException {
        if (toolUseId == null) {
            HookState.Open open = state.takeOldestByName(target, tool, claimant);
            return open == null ? new Call(null, 0) : new Call(open.eventId(), open.timestamp());
        }
        HookState.Open open = state.takePending(target, toolUseId, claimant);
        long deadline = System.nanoTime() + config.pairWaitMillis() * 1_000_000L;
        while (open == null && System.nanoTime() < deadline) {
            sleep(5);
            open = state.takePending(target, toolUseId, claimant);
        }
        // The call's id is derived from tool_use_id, so the link holds even if its hook never ran.
        return new Call(callEventId(target, toolUseId), open == null ? 0 : open.timestamp());
    }

    private record Call(String eventId, double openedAt) {
    }

    private void agentResult(Map<String, Object> data, Map<String, Object> response, String mainSid,
                             String target, String callEventId, String toolUseId) throws IOException {
        String agentId = Json.asString(response.get("agentId"));
        putText(data, "agent_id", agentId);
        putText(data, "status", Json.asString(response.get("status")));
        putText(data, "model", Json.asString(response.get("resolvedModel")));
        if (response.get("totalTokens") instanceof Number n) {
            data.put("total_tokens", n);
        }
        if (response.get("usage") instanceof Map<?, ?> usage) {
            data.put("usage", limits.capValue(usage));
        }
        state.dropSpawn(mainSid, toolUseId);
        if (agentId == null || callEventId == null || !SessionIds.isValid(agentId)) {
            return;
        }
        state.putAgentLink(mainSid, agentId, callEventId, target);
        if (store.exists(agentId)) {
            SessionMeta child = store.readMeta(agentId);
            if (!callEventId.equals(child.parentEventId()) || !target.equals(child.parentSessionId())) {
                int depth = target.equals(mainSid) ? 1 : store.readMeta(target).depth() + 1;
                store.updateMeta(agentId, m -> m.withParent(target, callEventId, depth));
            }
        }
    }

    private void permissionDenied(Payload p, String target, double now) throws IOException {
        String tool = p.text("tool_name", "unknown");
        String toolUseId = p.text("tool_use_id");
        String claimant = ids.eventId();
        String parent = null;
        if (toolUseId != null && state.takePending(target, toolUseId, claimant) != null) {
            parent = callEventId(target, toolUseId);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tool_name", tool);
        String reason = p.text("reason");
        data.put("error", limits.cap(reason == null ? "permission denied" : "permission denied: " + reason));
        putText(data, "tool_use_id", toolUseId);
        append(target, new TraceEvent(EventType.ERROR.wire(), now, claimant, target, parent, null, data));
    }

    private void assistantText(Payload p, String target, double now) throws IOException {
        if (p.flag("stop_hook_active")) {
            return; // a stop hook made Claude continue: the message is not a new answer
        }
        String text = p.text("last_assistant_message");
        if (text == null) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", limits.cap(text));
        putText(data, "prompt_id", p.text("prompt_id"));
        append(target, event(EventType.ASSISTANT_RESPONSE, target, now, null, null, data));
    }

    private void stopFailure(Payload p, String target, double now) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        String kind = p.text("error", "unknown");
        String detail = p.text("error_details");
        if (detail == null) {
            detail = p.text("last_assistant_message", "turn failed: " + kind);
        }
        data.put("error", limits.cap(detail));
        data.put("code", kind);
        data.put("stage", "stop");
        append(target, event(EventType.ERROR, target, now, null, null, data));
    }

    private void subagentStop(Payload p, String child, double now) throws IOException {
        assistantText(p, child, now);
        enrich(child, p.text("agent_transcript_path"), true);
        Map<String, Object> data = new LinkedHashMap<>();
        putText(data, "agent_id", p.text("agent_id"));
        putText(data, "agent_transcript_path", p.text("agent_transcript_path"));
        end(child, now, data);
    }

    private void notification(Payload p, String target, double now) throws IOException {
        String type = p.text("notification_type");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("choice", type == null ? "notification" : "notification: " + type);
        data.put("reason", limits.cap(p.text("message", "")));
        putText(data, "title", limits.cap(p.text("title")));
        data.put("kind", "notification");
        append(target, event(EventType.DECISION, target, now, null, null, data));
    }

    private void compact(Payload p, String target, double now, String what, String textKey) throws IOException {
        String trigger = p.text("trigger");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("choice", trigger == null ? what : what + " (" + trigger + ")");
        data.put("reason", limits.cap(p.text(textKey, "")));
        data.put("kind", what.equals("compact") ? "pre_compact" : "post_compact");
        append(target, event(EventType.DECISION, target, now, null, null, data));
    }

    private void sessionEnd(Payload p, String sid, double now) throws IOException {
        enrich(sid, p.text("transcript_path"), true);
        Map<String, Object> data = new LinkedHashMap<>();
        putText(data, "reason", p.text("reason"));
        end(sid, now, data);
        state.clearSession(sid);
        if (AutoExport.configured(env)) {
            AutoExport.onSessionEnd(config.traceDir(), sid, env);
        }
    }

    /**
     * Appends the LLM turns (model, exact token usage) that the session's transcript gained since the last
     * call. The read offset lives in {@value #TRANSCRIPT_STATE} beside meta.json, outside the hook state
     * that session end clears, so a resumed session goes on where it stopped.
     */
    private void enrich(String sid, String transcriptPath, boolean last) throws IOException {
        if (transcriptPath == null || transcriptPath.isEmpty() || !config.readTranscripts()) {
            return;
        }
        Path transcript = Path.of(transcriptPath);
        try (SessionWriter w = store.writer(sid, config.redactor())) {
            TranscriptTail.Enriched added = TranscriptTail.enrich(transcript,
                    store.sessionDir(sid).resolve(TRANSCRIPT_STATE), w, ids, IGNORE_WARNINGS, last);
            if (added.tokens() > 0) {
                w.flushMeta(new java.util.function.UnaryOperator<SessionMeta>() {
                    @Override
                    public SessionMeta apply(SessionMeta m) {
                        return m.withTotalTokens(m.totalTokens() + added.tokens());
                    }
                });
            }
        }
    }

    private void end(String sid, double now, Map<String, Object> extra) throws IOException {
        double started = store.readMeta(sid).startedAt();
        double duration = Math.max(0, (now - started) * 1000.0);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("duration_ms", duration);
        data.putAll(extra);
        try (SessionWriter w = store.writer(sid, config.redactor())) {
            w.append(event(EventType.SESSION_END, sid, now, null, duration, data));
            w.flushMeta(m -> m.endedAt(now));
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private TraceEvent event(EventType type, String sid, double ts, String parent, Double duration,
                             Map<String, Object> data) {
        return finish(new TraceEvent(type.wire(), ts, ids.eventId(), sid, parent, duration, data));
    }

    /** Marks an event whose data had anything cut, so readers need not search for the marker. */
    private TraceEvent finish(TraceEvent e) {
        if (limits.takeTruncated() && !e.data().containsKey("truncated")) {
            e.data().put("truncated", true);
        }
        return e;
    }

    private void append(String sid, TraceEvent e) {
        try (SessionWriter w = store.writer(sid, config.redactor())) {
            w.append(e);
        }
    }

    /**
     * The event id of the call with this tool_use_id in this session: 12 hex characters derived from both,
     * so the result hook links to its call without reading anything the call hook wrote.
     */
    static String callEventId(String sessionId, String toolUseId) {
        long h = HookState.fnv64(sessionId + "\u0000" + toolUseId);
        String hex = Long.toHexString(h);
        StringBuilder sb = new StringBuilder(12);
        for (int i = hex.length(); i < 16; i++) {
            sb.append('0');
        }
        return sb.append(hex).substring(0, 12);
    }

    private static boolean isAgentTool(String tool) {
        return tool.equals("Agent") || tool.equals("Task");
    }

    /** {@code mcp__server__tool} → {@code mcp_server}, {@code mcp_tool} (server names may hold {@code _}). */
    private static void mcpNames(Map<String, Object> data, String tool) {
        if (!tool.startsWith("mcp__")) {
            return;
        }
        int sep = tool.indexOf("__", 5);
        if (sep > 5 && sep + 2 < tool.length()) {
            data.put("mcp_server", tool.substring(5, sep));
            data.put("mcp_tool", tool.substring(sep + 2));
        }
    }

    private static void putText(Map<String, Object> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where this recorder writes (for the error log and tests). */
    public Path traceDir() {
        return config.traceDir();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
