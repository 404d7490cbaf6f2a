package io.github.agentstrace.hook;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.SessionIds;
import io.github.agentstrace.store.StoreException;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Turns one Claude Code hook invocation (event name + stdin) into trace events.
 *
 * <p>The trace session is the first 16 characters of the payload's {@code session_id} (as the original
 * names it), created on the first hook that mentions it; payloads with an {@code agent_id} go to a child
 * session named by the agent id and linked to the Agent/Task call that spawned it ({@link HookSessions}).
 * Each event's payload becomes a trace event in {@link EventMapper}; a tool result finds its call through
 * {@code tool_use_id} ({@link CallPairing}), so pairing costs the same at the first call and the ten
 * thousandth. Stops read the transcript's new LLM turns ({@link TranscriptEnrichment}); session end clears
 * the session's hook state and may start an {@link AutoExport}. Nothing here prints; problems are thrown
 * for the caller to log.
 */
public final class HookRecorder {
    static final String AGENT_NAME = "claude-code";
    static final String MODE = "claude-code-hooks";

    /** Per-session file holding how far the Claude Code transcript has been read. */
    static final String TRANSCRIPT_STATE = TranscriptEnrichment.STATE_FILE;

    private final HookConfig config;
    private final Clock clock;
    private final Ids ids;
    private final Map<String, String> env;
    private final TraceStore store;
    private final HookState state;
    private final EventMapper mapper;
    private final HookSessions sessions;
    private final CallPairing calls;
    private final int recorderPort;

    public HookRecorder(HookConfig config, Clock clock, Ids ids, Map<String, String> env) {
        this(config, clock, ids, env, 0);
    }

    /**
     * A recorder for a hook process that also keeps the resident recorder on {@code recorderPort} going (0:
     * none): SessionStart and UserPromptSubmit note where the session's POSTed events go and start the
     * recorder when it is not running; SessionEnd forgets the session ({@link RecorderStarter}).
     */
    public HookRecorder(HookConfig config, Clock clock, Ids ids, Map<String, String> env, int recorderPort) {
        this(config, clock, ids, env, recorderPort, SessionWriters.PER_EVENT);
    }

    /** A recorder whose events reach their sessions through {@code writers} (the resident recorder keeps them). */
    HookRecorder(HookConfig config, Clock clock, Ids ids, Map<String, String> env, int recorderPort,
                 SessionWriters writers) {
        this.recorderPort = recorderPort;
        this.config = config;
        this.clock = clock;
        this.ids = ids;
        this.env = env;
        this.store = new TraceStore(config.traceDir());
        this.state = new HookState(config.traceDir());
        this.mapper = new EventMapper(ids, new FieldLimits(config.maxField()), config.redactor().enabled());
        this.sessions = new HookSessions(store, state, mapper, ids, config.redactor(), env, writers);
        this.calls = new CallPairing(state, ids, config.pairWaitMillis());
    }

    /**
     * Records one hook. {@code eventArg} is the name on the command line; when the payload's
     * {@code hook_event_name} names a known event it wins (it is what actually happened). Unknown events
     * are ignored. Returns the event that was handled, or null when it was ignored.
     *
     * @throws HookInputException for a payload that cannot be recorded
     */
    public HookEvent record(String eventArg, byte[] stdin) throws IOException {
        return record(eventArg, parse(stdin));
    }

    /**
     * Records one hook as {@link #record(String, byte[])} does, but never throws: what cannot be recorded is
     * one line in {@code log} ({@code ignored: } a payload that cannot be recorded, {@code not recorded: }
     * the trace directory refused, {@code failed} anything else, with every stack frame when {@code debug}).
     * Hook processes and the resident recorder both end here. Returns the event handled, or null.
     */
    public HookEvent recordOrLog(String eventArg, byte[] stdin, HookErrorLog log, boolean debug) {
        return recordOrLog(null, eventArg, stdin, log, debug, null);
    }

    /**
     * {@link #recordOrLog(String, byte[], HookErrorLog, boolean)} for the hook of the agent named
     * {@code agentName} ({@code hook --agent}: codex, gemini, copilot, cursor; null or {@code claude-code}:
     * Claude Code). An agent we do not know is one line in the log, nothing recorded.
     */
    public HookEvent recordOrLog(String agentName, String eventArg, byte[] stdin, HookErrorLog log, boolean debug) {
        return recordOrLog(agentName, eventArg, stdin, log, debug, null);
    }

    /**
     * As {@link #recordOrLog(String, String, byte[], HookErrorLog, boolean)}; for a Claude Code PreToolUse whose
     * call the policy denied ({@code denial}: the fields of the denial, from {@code guard}; null when it was not
     * denied) the call is recorded and then an {@code error} answering it with those fields. Claude Code runs no
     * tool and sends no result for a denied call, so no result is awaited.
     */
    public HookEvent recordOrLog(String agentName, String eventArg, byte[] stdin, HookErrorLog log, boolean debug,
                                 Map<String, Object> denial) {
        AgentHooks agent = null;
        if (agentName != null && !isClaudeCode(agentName)) {
            agent = AgentHooks.named(agentName);
            if (agent == null) {
                log.log(clock.instant(), eventArg, "ignored: unknown agent '" + printable(agentName) + "' (one of: "
                        + AgentHooks.NAMES + ", claude-code)", null, false);
                return null;
            }
        }
        Payload p;
        try {
            p = parse(stdin);
        } catch (HookInputException e) {
            log.log(clock.instant(), eventArg, "ignored: " + e.getMessage(), null, false);
            return null;
        }
        return recordOrLog(agent, eventArg, p, log, debug, denial);
    }

    private static boolean isClaudeCode(String name) {
        return name.equalsIgnoreCase("claude-code") || name.equalsIgnoreCase("claude");
    }

    /** {@link #recordOrLog(String, byte[], HookErrorLog, boolean)} for a payload already parsed. */
    HookEvent recordOrLog(String eventArg, Payload p, HookErrorLog log, boolean debug) {
        return recordOrLog(null, eventArg, p, log, debug, null);
    }

    private HookEvent recordOrLog(AgentHooks agent, String eventArg, Payload p, HookErrorLog log, boolean debug,
                                  Map<String, Object> denial) {
        String shown = eventArg != null ? eventArg : p.text("hook_event_name");
        try {
            HookEvent event = agent == null ? record(eventArg, p, denial) : recordAs(agent, eventArg, p);
            if (recorderPort > 0) {
                new RecorderStarter(new RecorderRoutes(RecorderRoutes.stateDir(env)), env, clock)
                        .after(event, p.text("session_id"), config, recorderPort, log);
            }
            return event;
        } catch (HookInputException e) {
            log.log(clock.instant(), shown, "ignored: " + e.getMessage(), null, false);
        } catch (StoreException e) {
            // The trace directory refused (a link, a stranger's file, a full disk): its message says which path.
            log.log(clock.instant(), shown, "not recorded: " + e.getMessage(), null, false);
        } catch (Exception | Error e) {
            log.log(clock.instant(), shown, "failed", e, debug);
        }
        return null;
    }

    /** {@link #record(String, byte[])} for a payload already parsed (the resident recorder routes by it first). */
    HookEvent record(String eventArg, Payload p) throws IOException {
        return record(eventArg, p, null);
    }

    private HookEvent record(String eventArg, Payload p, Map<String, Object> denial) throws IOException {
        if (sentByCopilot(p)) {
            // Through named(), typed AgentHooks: verifying this method then loads no agent class.
            return recordAs(AgentHooks.named("copilot"), eventArg, p);
        }
        HookEvent event = HookEvent.byName(p.text("hook_event_name"));
        if (event == null) {
            event = HookEvent.byName(eventArg);
        }
        if (event == null) {
            return null;
        }
        return record(event, p, denial);
    }

    /**
     * True for a Copilot CLI payload that reached the Claude Code hook (Copilot CLI runs a repository's
     * {@code .claude/settings.json} hooks with its own payloads): Claude Code never sends {@code timestamp},
     * {@code sessionId} or {@code tool_result}, and Copilot always sends a timestamp. Checked inline, so a
     * Claude Code hook loads no other agent's classes.
     */
    private static boolean sentByCopilot(Payload p) {
        return p.agent() == null
                && (p.get("timestamp") != null || p.get("sessionId") != null || p.get("tool_result") != null);
    }

    /** Records one hook of another agent, mapped onto Claude Code's events and fields by {@code agent}. */
    HookEvent recordAs(AgentHooks agent, String eventArg, Payload raw) throws IOException {
        AgentHooks.Mapped mapped = agent.map(eventArg, raw);
        return mapped == null ? null : record(mapped.event(), mapped.payload(), null);
    }

    private HookEvent record(HookEvent event, Payload p, Map<String, Object> denial) throws IOException {
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
        boolean created = sessions.ensureMain(p, sid, claudeSession, now, event == HookEvent.SESSION_START);
        String target = toChild ? sessions.ensureChild(p, sid, agentId, now, event == HookEvent.SUBAGENT_START) : sid;
        switch (event) {
            case SESSION_START -> sessions.sessionStart(p, sid, claudeSession, now, created);
            case USER_PROMPT -> sessions.append(target, mapper.userPrompt(p, target, now));
            case PRE_TOOL -> preTool(p, sid, target, now, denial);
            case POST_TOOL -> postTool(p, sid, target, now, false);
            case POST_TOOL_FAILURE -> postTool(p, sid, target, now, true);
            case PERMISSION_DENIED -> permissionDenied(p, target, now);
            case STOP -> {
                sessions.append(target, mapper.assistantResponse(p, target, now));
                if (p.agent() == null) {
                    // Other agents' transcripts have other shapes: `import` reads them.
                    transcripts().enrich(target, p.text(toChild ? "agent_transcript_path" : "transcript_path"), false);
                }
            }
            case STOP_FAILURE -> sessions.append(target, mapper.stopFailure(p, target, now));
            case SUBAGENT_START -> { } // the child session and its session_start were made by ensureChild
            case SUBAGENT_STOP -> {
                if (toChild) {
                    sessionEnd(p, target, now, true);
                }
            }
            case NOTIFICATION -> sessions.append(target, mapper.notification(p, target, now));
            case PRE_COMPACT -> sessions.append(target, mapper.compact(p, target, now, true));
            case POST_COMPACT -> sessions.append(target, mapper.compact(p, target, now, false));
            case SESSION_END -> sessionEnd(p, sid, now, false);
            default -> {
                return null;
            }
        }
        return event;
    }

    // ---- input -----------------------------------------------------------------------------------------

    /** The payload as an object; a {@link HookInputException} when it is empty, not JSON or not an object. */
    static Payload parse(byte[] stdin) {
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
        return clock.epochSeconds();
    }

    // ---- tool calls ------------------------------------------------------------------------------------

    private void preTool(Payload p, String mainSid, String target, double now, Map<String, Object> denial)
            throws IOException {
        String tool = p.text("tool_name", "unknown");
        String toolUseId = p.text("tool_use_id");
        String eventId = calls.newCallId(target, toolUseId);
        TraceEvent call = mapper.toolCall(p, target, now, eventId);
        if (denial != null) {
            // Not opened for pairing: a denied call has no result to wait for, and an Agent call spawns nothing.
            sessions.append(target, call);
            sessions.append(target, mapper.policyDenial(p, target, now, ids.eventId(), eventId, denial));
            return;
        }
        boolean spawns = EventMapper.isAgentTool(tool);
        calls.open(mainSid, target, toolUseId, tool, p.get("tool_input"), eventId, now, spawns,
                spawns ? EventMapper.subagentType(p) : null);
        sessions.append(target, call);
    }

    private void postTool(Payload p, String mainSid, String target, double now, boolean failed) throws IOException {
        String tool = p.text("tool_name", "unknown");
        String toolUseId = p.text("tool_use_id");
        String claimant = ids.eventId();
        CallPairing.Call call = calls.find(target, tool, toolUseId, p.get("tool_input"), claimant);
        Double duration = p.number("duration_ms");
        if (duration == null && call.openedAt() > 0) {
            duration = Math.max(0, (now - call.openedAt()) * 1000.0);
        }
        TraceEvent result = mapper.toolResult(p, target, now, claimant, call.eventId(), duration, failed);
        if (EventMapper.isAgentTool(tool)) {
            // A failed call starts no subagent; a finished one has named its agent: either way the spawn is done.
            calls.dropSpawn(mainSid, toolUseId);
            if (!failed) {
                sessions.linkAgent(mainSid, Json.asString(Json.asObject(EventMapper.toolResponse(p)).get("agentId")),
                        call.eventId(), target);
            }
        }
        sessions.append(target, result);
    }

    private void permissionDenied(Payload p, String target, double now) throws IOException {
        String claimant = ids.eventId();
        String parent = calls.takeDenied(target, p.text("tool_use_id"), claimant);
        sessions.append(target, mapper.permissionDenied(p, target, now, claimant, parent));
    }

    // ---- the end of a session --------------------------------------------------------------------------

    /**
     * SessionEnd, or SubagentStop for a child ({@code subagent}): the last answer and LLM turns, the
     * session_end event, then the session's hook state is cleared (what killed hooks left is noted in the
     * error log). A main session may then be exported.
     */
    private void sessionEnd(Payload p, String sid, double now, boolean subagent) throws IOException {
        if (subagent) {
            sessions.append(sid, mapper.assistantResponse(p, sid, now));
        }
        if (p.agent() == null) {
            transcripts().enrich(sid, p.text(subagent ? "agent_transcript_path" : "transcript_path"), true);
        }
        sessions.end(p, sid, now, subagent);
        if (!subagent) {
            sessions.endProvenance(p, sid);
        }
        HookState.Cleared left = state.clearSession(sid);
        if (left.strayFiles() > 0 || left.openCalls() > 0) {
            new HookErrorLog(config.traceDir(), config.redactor()).log(clock.instant(),
                    (subagent ? HookEvent.SUBAGENT_STOP : HookEvent.SESSION_END).cliName(),
                    "session " + sid + " ended with " + left.describe() + "; cleared", null, false);
        }
        if (!subagent && AutoExport.configured(env)) {
            AutoExport.onSessionEnd(config.traceDir(), sid, env);
        }
    }

    private TranscriptEnrichment transcripts() {
        // Made when a stop needs it: tool hooks never load the transcript classes.
        return new TranscriptEnrichment(store, config.redactor(), ids, config.readTranscripts());
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** The event id a result in this session links to for this tool_use_id ({@link CallPairing}). */
    static String callEventId(String sessionId, String toolUseId) {
        return CallPairing.callEventId(sessionId, toolUseId);
    }

    /** Where this recorder writes (for the error log and tests). */
    public Path traceDir() {
        return config.traceDir();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
