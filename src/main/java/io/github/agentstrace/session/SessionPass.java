package io.github.agentstrace.session;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.model.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * One streaming reading of one session's events, fed in file order with {@link #accept}: numbers them,
 * pairs answers with calls by the one rule of {@link Pairer}, resolves each event into a {@link Step} for
 * the listener, and tallies the facts. {@link #finish} completes what was never answered and returns the
 * session's facts. Memory holds the calls in flight and bounded tallies, never the events.
 *
 * <p>Most readers get a pass from {@link Reading}; a reader that interleaves sessions (replay's inlined
 * subagents) or follows a growing file drives passes itself.
 */
public final class SessionPass {
    private static final int MAX_PROMPT = 2000;

    private final SessionMeta meta;
    private final int depth;
    private final PriceTable prices;
    private final SessionListener listener;
    private final List<Tally> outer;
    /** How much of each phase is kept: {@link Result#phases} is empty with NONE. */
    private final Reading.Phases phaseMode;
    private final Set<String> spawnIds;
    private final boolean recorderGone;
    private final Tally own = new Tally();
    private final Pairer pairer = new Pairer();
    private final ModelRule models = new ModelRule();
    /** The last failed call of each signature not retried yet: its event number and duration. */
    private final Map<Long, double[]> failedBySignature = new HashMap<>();
    private final Map<Long, Integer> earlyPhase = new HashMap<>();
    private final List<PhaseAcc> phases = new ArrayList<>();
    private final Map<String, long[]> spawns = new LinkedHashMap<>();
    private long number;
    private boolean sawEnd;
    private boolean sawStart;
    private Source source;
    private String mcpServer;
    private String cwd;
    private boolean finished;

    /** What a call needs at its end: decided when it opened. */
    private record CallNote(String tool, Subject subject, long signature, long retryOf, int phase) {
    }

    /** A phase being read. */
    private static final class PhaseAcc {
        final int index;
        final long promptNumber;
        final String prompt;
        /** Null when the phase is not tallied. */
        final Tally tally;
        double start = Double.NaN;
        double end = Double.NaN;
        boolean busy;

        PhaseAcc(int index, long promptNumber, String prompt, Reading.Phases mode) {
            this.index = index;
            this.promptNumber = promptNumber;
            this.prompt = prompt;
            // Only with their bounds, phases with a prompt are not tallied: the prompt is their label. One without
            // is labelled by its most used tool, so it is.
            boolean tallied = mode == Reading.Phases.TALLIED
                    || (mode == Reading.Phases.BOUNDS && (prompt == null || prompt.isBlank()));
            this.tally = tallied ? new Tally() : null;
        }
    }

    /**
     * @param meta         the session's meta.json
     * @param depth        its depth in the tree being read (0 for the session asked for)
     * @param prices       the price table for LLM turns
     * @param listener     who gets the steps
     * @param outer        tallies of the sessions above it (their tree facts include this session's)
     * @param phaseMode    whether to tally each phase, or only to tell where each begins and ends
     * @param spawnIds     event ids of calls that started subagents (from the children's meta.json)
     * @param recorderGone whether the process that recorded the session is gone (its open calls are over)
     */
    SessionPass(SessionMeta meta, int depth, PriceTable prices, SessionListener listener, List<Tally> outer,
                Reading.Phases phaseMode, Set<String> spawnIds, boolean recorderGone) {
        this.meta = meta;
        this.depth = depth;
        this.prices = prices;
        this.listener = listener;
        this.outer = outer;
        this.phaseMode = phaseMode;
        this.spawnIds = spawnIds;
        this.recorderGone = recorderGone;
        own.session(meta.sessionId());
        for (Tally t : outer) {
            t.session(meta.sessionId());
        }
        phases.add(new PhaseAcc(0, 0, null, phaseMode));
        listener.begin(meta, depth);
    }

    /** A pass over one session that only tells the listener (replay, follow): no phases, no tree. */
    public static SessionPass of(SessionMeta meta, int depth, PriceTable prices, SessionListener listener) {
        return new SessionPass(meta, depth, prices, listener, List.of(), Reading.Phases.NONE, Set.of(), false);
    }

    public SessionMeta meta() {
        return meta;
    }

    /** Events read so far. */
    public long events() {
        return number;
    }

    /** Calls and turns waiting for their answer: what the pass holds besides bounded tallies. */
    int inFlight() {
        return pairer.inFlight();
    }

    /** Reads the next event of the session. */
    public void accept(TraceEvent e) {
        long n = ++number;
        int inFlight = pairer.inFlight();
        EventType kind = e.kind();
        if (kind == EventType.USER_PROMPT) {
            openPhase(n, e);
        }
        PhaseAcc phase = phases.get(phases.size() - 1);
        own.event(n, e, inFlight, true);
        for (Tally t : outer) {
            t.event(n, e, inFlight, false);
        }
        if (phase.tally != null) {
            phase.tally.event(n, e, inFlight, true);
        }
        if (Double.isNaN(phase.start)) {
            phase.start = e.timestamp();
        }
        phase.end = Math.max(Double.isNaN(phase.end) ? e.timestamp() : phase.end, e.timestamp());
        models.observe(e);
        if (kind == null) {
            listener.step(new Step(n, e, null, e.durationMs(), Failure.NONE, null, null, null, false, false));
            return;
        }
        switch (kind) {
            case SESSION_START -> {
                if (!sawStart) {
                    sawStart = true;
                    source = Source.of(meta, e.data());
                    cwd = Json.asString(e.data().get("cwd"));
                }
                plain(n, e);
            }
            case SESSION_END -> {
                sawEnd = true;
                plain(n, e);
            }
            case TOOL_CALL -> {
                phase.busy = true;
                openCall(n, e, phase.index);
            }
            case LLM_REQUEST -> {
                phase.busy = true;
                openTurn(n, e, phase.index);
            }
            case TOOL_RESULT, LLM_RESPONSE, ERROR -> {
                phase.busy = true;
                answer(n, e, phase.index);
            }
            case FILE_READ, FILE_WRITE -> {
                String path = Json.asString(firstOf(e.data(), "uri", "path", "file_path"));
                if (path != null) {
                    String p = path.startsWith("file://") ? path.substring("file://".length()) : path;
                    own.fileEvent(e, p);
                    outer.forEach(t -> t.fileEvent(e, p));
                    if (phase.tally != null) {
                        phase.tally.fileEvent(e, p);
                    }
                }
                plain(n, e);
            }
            default -> plain(n, e);
        }
    }

    private void plain(long n, TraceEvent e) {
        listener.step(new Step(n, e, Json.asString(e.data().get("tool_name")), e.durationMs(), Failure.NONE, null,
                null, null, false, false));
    }

    private void openPhase(long n, TraceEvent prompt) {
        PhaseAcc current = phases.get(phases.size() - 1);
        String text = Json.asString(firstOf(prompt.data(), "prompt", "text", "content"));
        if (text != null && text.length() > MAX_PROMPT) {
            text = text.substring(0, MAX_PROMPT);
        }
        if (current.index == 0 && current.promptNumber == 0 && !current.busy) {
            // Nothing happened before the first prompt but the session's start: that prompt opens the first phase.
            phases.set(0, new PhaseAcc(0, n, text, phaseMode));
            return;
        }
        if (current.tally != null) {
            current.tally.narrow(Tally.PHASE_ITEMS); // closed: it keeps what explain shows, the counts stay exact
        }
        phases.add(new PhaseAcc(phases.size(), n, text, phaseMode));
    }

    /**
     * What a tool call of this session is about, as this pass reads it: for a session that recorded an MCP
     * server, its tools are that server's. For readers that judge a call when it is made, before its answer.
     */
    public Subject subjectOf(TraceEvent call) {
        String tool = toolName(call);
        if (mcpServer == null && source == Source.MCP_PROXY) {
            mcpServer = meta.agentName().isEmpty() ? "mcp" : meta.agentName();
        }
        String server = McpToolName.is(tool) ? null
                : mcpServer != null ? mcpServer
                : call.data().containsKey("request_id") && call.data().containsKey("mcp_method") ? "mcp" : null;
        return Subject.of(tool, Json.asObject(call.data().get("arguments")), server);
    }

    private void openCall(long n, TraceEvent e, int phase) {
        String tool = toolName(e);
        Subject subject = subjectOf(e);
        String signature = subject.key().isEmpty() ? tool : tool + " " + subject.key();
        long sig = Ids.hash64(signature);
        double[] failed = failedBySignature.remove(sig);
        if (failed != null) {
            // The failed call's time was spent for nothing: this call does it again.
            own.retried(failed[1]);
            outer.forEach(t -> t.retried(failed[1]));
            Tally phaseTally = phases.get(phase).tally;
            if (phaseTally != null) {
                phaseTally.retried(failed[1]);
            }
        }
        CallNote note = new CallNote(tool, subject, sig, failed == null ? 0 : (long) failed[0], phase);
        if (e.eventId() != null && spawnIds.contains(e.eventId())) {
            spawns.put(e.eventId(), new long[] {n, phase});
        }
        Pairer.Open<CallNote> open = new Pairer.Open<>(n, e, note);
        Pairer.Early early = pairer.open(open);
        if (early == null) {
            listener.step(new Step(n, e, tool, null, Failure.NONE, null, null, null, false, false));
            return;
        }
        earlyPhase.remove(early.number);
        Call call = completeCall(open, early.event, early.number, Failure.of(early.event));
        listener.step(new Step(n, e, tool, call.durationMs(), Failure.NONE, call, null, early.event, false, false));
    }

    private void openTurn(long n, TraceEvent e, int phase) {
        Pairer.Open<Integer> open = new Pairer.Open<>(n, e, phase);
        Pairer.Early early = pairer.open(open);
        if (early == null) {
            listener.step(new Step(n, e, null, null, Failure.NONE, null, null, null, false, false));
            return;
        }
        earlyPhase.remove(early.number);
        Turn turn = completeTurn(n, e, early.event, phase, Failure.of(early.event));
        listener.step(new Step(n, e, null, turn.durationMs(), Failure.NONE, null, turn, early.event, false, false));
    }

    @SuppressWarnings("unchecked")
    private void answer(long n, TraceEvent e, int phase) {
        Failure failure = Failure.of(e);
        Pairer.Open<?> open = pairer.answer(e);
        if (open != null && open.event.kind() == EventType.TOOL_CALL) {
            Pairer.Open<CallNote> c = (Pairer.Open<CallNote>) open;
            Call call = completeCall(c, e, n, failure);
            String tool = ownTool(e, c.note.tool());
            listener.step(new Step(n, e, tool, call.durationMs(), failure, call, null, open.event, false, false));
            return;
        }
        if (open != null) {
            Turn turn = completeTurn(open.number, open.event, e, (Integer) open.note, failure);
            listener.step(new Step(n, e, null, turn.durationMs(), failure, null, turn, open.event, false, false));
            return;
        }
        String tool = Json.asString(e.data().get("tool_name"));
        Double duration = recordedDuration(e);
        if (pairer.waitForCall(n, e)) {
            earlyPhase.put(n, phase);
            listener.step(new Step(n, e, tool, duration, failure, null, null, null, false, true));
            return;
        }
        // Answers nothing that was or will be recorded.
        if (e.kind() == EventType.LLM_RESPONSE) {
            Turn turn = completeTurn(n, null, e, phase, failure);
            listener.step(new Step(n, e, null, turn.durationMs(), failure, null, turn, null, false, false));
        } else if (e.kind() == EventType.TOOL_RESULT) {
            Call call = unmatched(n, e, phase, failure);
            listener.step(new Step(n, e, tool, duration, failure, call, null, null, false, false));
        } else {
            standaloneError(n, e, tool, failure, phase);
            listener.step(new Step(n, e, tool, duration, failure, null, null, null, false, false));
        }
    }

    /** {@code failure}: what the answer says of failure ({@link Failure#of}), {@link Failure#NONE} without one. */
    private Call completeCall(Pairer.Open<CallNote> open, TraceEvent answer, long answerNumber, Failure failure) {
        CallNote note = open.note;
        TraceEvent call = open.event;
        Double duration = null;
        Outcome outcome;
        if (answer != null) {
            duration = recordedDuration(answer);
            if (duration == null) {
                duration = Math.max(0, (answer.timestamp() - call.timestamp()) * 1000.0);
            }
            outcome = Outcome.of(failure);
        } else {
            outcome = over() ? Outcome.INTERRUPTED : Outcome.PENDING;
        }
        Call c = new Call(meta.sessionId(), open.number, answer == null ? 0 : answerNumber, call.eventId(), note.tool(),
                note.subject(), call.timestamp(), answer == null ? Double.NaN : answer.timestamp(), duration, outcome,
                failure, note.retryOf(), note.phase());
        if (outcome == Outcome.FAILED) {
            failedBySignature.put(note.signature(), new double[] {open.number, duration == null ? 0 : duration});
        } else if (outcome == Outcome.OK) {
            failedBySignature.remove(note.signature());
        }
        tallyCall(c);
        return c;
    }

    /** A result whose call was never recorded: a call of its own, number 0. */
    private Call unmatched(long n, TraceEvent answer, int phase, Failure failure) {
        Double duration = recordedDuration(answer);
        String tool = Json.asString(answer.data().get("tool_name"));
        double start = answer.timestamp() - (duration == null ? 0 : duration / 1000.0);
        Call c = new Call(meta.sessionId(), 0, n, null, tool == null ? "?" : tool, Subject.NONE, start,
                answer.timestamp(), duration, Outcome.of(failure), failure, 0, phase);
        tallyCall(c);
        return c;
    }

    private Turn completeTurn(long number, TraceEvent request, TraceEvent response, int phase, Failure failure) {
        String model = models.of(request, response);
        Usage usage = null;
        if (response != null && Usage.present(response.data())) {
            usage = Usage.fromData(response.data());
        }
        if (request != null && Usage.present(request.data())) {
            // A request may name its prompt tokens, the response the rest: one turn's usage from both.
            Usage asked = Usage.fromData(request.data());
            usage = usage == null ? asked : usage.orElse(asked);
        }
        Double cost = null;
        boolean totalOnly = false;
        if (usage != null) {
            OptionalDouble c = prices.cost(model, usage);
            cost = c.isPresent() ? c.getAsDouble() : null;
        } else if (response != null && Usage.totalWithoutSplit(response.data()) > 0) {
            // Counted, not priced: without the split between input and output nothing can be.
            usage = Usage.of(Usage.totalWithoutSplit(response.data()), 0);
            totalOnly = true;
        }
        Double duration = null;
        Outcome outcome;
        if (response != null) {
            duration = recordedDuration(response);
            if (duration == null && request != null) {
                duration = Math.max(0, (response.timestamp() - request.timestamp()) * 1000.0);
            }
            outcome = Outcome.of(failure);
        } else {
            outcome = over() ? Outcome.INTERRUPTED : Outcome.PENDING;
        }
        double start = request != null ? request.timestamp()
                : response.timestamp() - (duration == null ? 0 : duration / 1000.0);
        Turn t = new Turn(meta.sessionId(), number, model, usage, cost, start, duration, outcome, failure, phase,
                totalOnly);
        own.turn(t);
        outer.forEach(o -> o.turn(t));
        Tally phaseTally = phases.get(phase).tally;
        if (phaseTally != null) {
            phaseTally.turn(t);
        }
        return t;
    }

    private void standaloneError(long n, TraceEvent e, String tool, Failure f, int phase) {
        own.standaloneError(meta.sessionId(), n, e, tool, f);
        outer.forEach(t -> t.standaloneError(meta.sessionId(), n, e, tool, f));
        Tally phaseTally = phases.get(phase).tally;
        if (phaseTally != null) {
            phaseTally.standaloneError(meta.sessionId(), n, e, tool, f);
        }
    }

    private void tallyCall(Call c) {
        own.call(c);
        outer.forEach(t -> t.call(c));
        Tally phaseTally = phases.get(c.phase()).tally;
        if (phaseTally != null) {
            phaseTally.call(c);
        }
    }

    /** True once the session cannot get more answers: it ended, or its recorder is gone. */
    private boolean over() {
        return sawEnd || meta.finished() || recorderGone;
    }

    /**
     * Ends the reading: calls and turns never answered become pending (or interrupted when the session is
     * over), answers whose call never came become calls of their own; each is told to the listener as a
     * leftover step. Returns what was read.
     */
    @SuppressWarnings("unchecked")
    public Result finish() {
        if (finished) {
            throw new IllegalStateException("finish() called twice");
        }
        finished = true;
        for (Pairer.Open<?> open : pairer.drainOpen()) {
            if (open.event.kind() == EventType.TOOL_CALL) {
                Call call = completeCall((Pairer.Open<CallNote>) open, null, 0, Failure.NONE);
                listener.step(new Step(open.number, open.event, call.tool(), null, Failure.NONE, call, null, null, true, false));
            } else {
                Turn turn = completeTurn(open.number, open.event, null, (Integer) open.note, Failure.NONE);
                listener.step(new Step(open.number, open.event, null, null, Failure.NONE, null, turn, null, true, false));
            }
        }
        for (Pairer.Early early : pairer.drainEarly()) {
            int phase = earlyPhase.getOrDefault(early.number, 0);
            TraceEvent e = early.event;
            Failure failure = Failure.of(e);
            if (e.kind() == EventType.LLM_RESPONSE) {
                Turn turn = completeTurn(early.number, null, e, phase, failure);
                listener.step(new Step(early.number, e, null, turn.durationMs(), failure, null, turn, null, true, false));
            } else {
                Call call = unmatched(early.number, e, phase, failure);
                listener.step(new Step(early.number, e, call.tool(), call.durationMs(), failure, call, null, null, true, false));
            }
        }
        Summary summary = own.summary();
        listener.end(meta, summary);
        List<PhaseResult> phaseResults = new ArrayList<>();
        Summary untallied = phaseMode == Reading.Phases.BOUNDS ? new Tally().summary() : null;
        for (PhaseAcc p : phases) {
            if (phaseMode != Reading.Phases.NONE) {
                phaseResults.add(new PhaseResult(p.index, p.promptNumber, p.prompt, p.start, p.end,
                        p.tally != null ? p.tally.summary() : untallied));
            }
        }
        Map<String, long[]> spawned = new LinkedHashMap<>(spawns);
        SessionView.Status status = sawEnd || meta.finished() ? SessionView.Status.ENDED
                : recorderGone ? SessionView.Status.INTERRUPTED : SessionView.Status.RUNNING;
        if (cwd == null) {
            cwd = Json.asString(meta.attribution().get("working_dir"));
        }
        return new Result(summary, phaseResults, spawned, source == null ? Source.of(meta, Map.of()) : source,
                status, models.sessionModel(), cwd);
    }

    /** A phase's facts before the subagents are attached. */
    record PhaseResult(int index, long promptNumber, String prompt, double start, double end, Summary summary) {
    }

    /**
     * What one pass found.
     *
     * @param summary the session's facts
     * @param phases  its phases (empty unless the pass tallied them)
     * @param spawns  for each call that started a subagent: its event number and phase
     * @param source  how the session was recorded
     * @param status  running, ended or interrupted
     * @param model   the model the session names, or null
     * @param cwd     the directory the agent worked in, or null when nothing says
     */
    public record Result(Summary summary, List<PhaseResult> phases, Map<String, long[]> spawns, Source source,
                         SessionView.Status status, String model, String cwd) {
    }

    /** The recorded duration of an answer: its own, else {@code data.duration_ms}; null when neither. */
    static Double recordedDuration(TraceEvent e) {
        if (e.durationMs() != null) {
            return e.durationMs();
        }
        return e.data().get("duration_ms") instanceof Number n ? n.doubleValue() : null;
    }

    private static String toolName(TraceEvent e) {
        String t = Json.asString(firstOf(e.data(), "tool_name", "name", "tool"));
        return t == null || t.isEmpty() ? "?" : t;
    }

    private static String ownTool(TraceEvent answer, String callTool) {
        String t = Json.asString(answer.data().get("tool_name"));
        return t == null || t.isEmpty() || t.equals("tool") ? callTool : t;
    }

    private static Object firstOf(Map<String, Object> d, String... keys) {
        for (String k : keys) {
            Object v = d.get(k);
            if (v instanceof String s && !s.isEmpty()) {
                return v;
            }
        }
        return null;
    }
}
