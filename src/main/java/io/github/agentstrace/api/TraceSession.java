package io.github.agentstrace.api;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.model.Usage;
import io.github.agentstrace.provenance.GitProcess;
import io.github.agentstrace.provenance.Provenance;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.MetaFlusher;
import io.github.agentstrace.store.RecorderMark;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.StoreException;
import io.github.agentstrace.store.TraceStore;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One recorded agent session: a directory under the trace directory with {@code meta.json} and
 * {@code events.ndjson}, replayable with {@code agent-strace replay}.
 *
 * <pre>{@code
 * try (TraceSession session = AgentTrace.start("coding-agent")) {
 *     String plan = session.llm("claude-sonnet-4", messages, () -> client.chat(messages));
 *     session.decision("read_file_first", "need the current code", List.of("read_file_first", "grep"));
 *     String text = session.tool("read_file", Map.of("path", "src/App.java"), () -> Files.readString(path));
 * }
 * }</pre>
 *
 * <p>{@link #tool} and {@link #llm} run the given body, record a call event before it and a result event
 * (with the duration measured on the monotonic clock and a preview of the value) or an {@code error} event
 * after it; an exception thrown by the body is recorded and then rethrown unchanged. Calls made inside
 * another call's body on the same thread get the outer call as their {@code parent_id}.
 *
 * <p>Thread-safe: any number of threads may record at once; each event is appended as one whole line.
 * Recording never breaks the agent: a write failure is reported to the session's error handler and the
 * body still runs. After {@link #close()} the methods still run their bodies but record nothing.
 *
 * <p>While open, the session's {@code meta.json} counters are brought up to date about once a second by a
 * daemon thread of the session (never by the agent's threads), and the session carries a recorder mark
 * that the operating system drops if the JVM dies, so readers can tell a session still being recorded
 * from one whose process was killed.
 */
public final class TraceSession implements AutoCloseable {

    /**
     * The work recorded by {@link #tool} or {@link #llm}: returns a value or throws. The exception type
     * is inferred from the lambda, so a body that throws no checked exception needs no {@code catch}.
     *
     * @param <T> the result type
     * @param <E> the exception type the body may throw
     */
    @FunctionalInterface
    public interface Call<T, E extends Throwable> {
        T call() throws E;
    }

    /** {@code workingDir}: the directory whose git work tree is the session's provenance (null: none). */
    record Settings(Path traceDir, String agentName, String command, Redactor redactor, Clock clock,
                    Ids ids, Consumer<? super RuntimeException> onRecordingError, Path workingDir) {
    }

    private final TraceStore store;
    private final SessionWriter writer;
    private final String sessionId;
    private final Clock clock;
    private final Ids ids;
    private final Consumer<? super RuntimeException> onRecordingError;
    private final long startNanos;
    private final Path workingDir;
    private final AtomicLong toolCalls = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong totalTokens = new AtomicLong();
    // Tokens not yet added to meta.json: the flusher takes them, close() takes the rest.
    private final AtomicLong unflushedTokens = new AtomicLong();
    private final MetaFlusher flusher;
    private final RecorderMark mark;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean reportedFailure = new AtomicBoolean();
    // Per session and per thread: the ids of the calls whose bodies are running on this thread.
    private final ThreadLocal<ArrayDeque<String>> openCalls = new ThreadLocal<>();

    private TraceSession(TraceStore store, SessionWriter writer, Settings s, long startNanos, RecorderMark mark) {
        this.store = store;
        this.writer = writer;
        this.sessionId = writer.sessionId();
        this.clock = s.clock();
        this.ids = s.ids();
        this.onRecordingError = s.onRecordingError();
        this.startNanos = startNanos;
        this.workingDir = s.workingDir();
        this.mark = mark;
        this.flusher = MetaFlusher.start(writer, MetaFlusher.PERIOD, this::tokensDue, this::report);
    }

    private java.util.function.UnaryOperator<SessionMeta> tokensDue() {
        long tokens = unflushedTokens.getAndSet(0);
        return tokens == 0 ? null : m -> m.withTotalTokens(m.totalTokens() + tokens);
    }

    static TraceSession open(Settings s) {
        TraceStore store = new TraceStore(s.traceDir());
        try {
            String id = s.ids().sessionId();
            while (store.exists(id)) {
                id = s.ids().sessionId();
            }
            double startedAt = s.clock().epochSeconds();
            long startNanos = s.clock().nanoTime();
            store.create(SessionMeta.start(id, startedAt, s.agentName(), s.command()), s.redactor());
            SessionWriter writer = store.writer(id, s.redactor());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("agent_name", s.agentName());
            data.put("redaction", s.redactor().enabled() ? "on" : "off");
            writer.append(TraceEvent.of(EventType.SESSION_START, startedAt, s.ids().eventId(), id, null, null, data));
            if (s.workingDir() != null) {
                Provenance.recordStart(store.sessionDir(id), s.workingDir(), GitProcess.standard(), s.redactor());
            }
            RecorderMark mark = null;
            StoreException unmarked = null;
            try {
                mark = store.markRecorder(id);
            } catch (StoreException e) {
                unmarked = e; // recording works without it; only "is it still running?" cannot be answered
            }
            TraceSession session = new TraceSession(store, writer, s, startNanos, mark);
            if (unmarked != null) {
                session.report(unmarked);
            }
            return session;
        } catch (StoreException e) {
            throw new TraceException("cannot start a trace session in " + s.traceDir() + ": " + e.getMessage(), e);
        }
    }

    /** The session id: the name of the session's directory and what {@code agent-strace replay <id>} takes. */
    public String id() {
        return sessionId;
    }

    /** The session's directory ({@code <trace dir>/<id>}). */
    public Path directory() {
        return store.sessionDir(sessionId);
    }

    /** Whether secrets are redacted before events reach disk. */
    public boolean redacting() {
        return writer.redactor().enabled();
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Runs a tool and records it: {@code tool_call} with the name and arguments, then {@code tool_result}
     * with the duration and a preview of the result (the first 200 characters), or {@code error} with the
     * exception's message and type, after which the exception is rethrown.
     *
     * <p>Argument values are recorded as JSON: strings, numbers, booleans, maps, collections, arrays and
     * records as such, anything else by {@code toString()}; strings longer than 500 characters are cut.
     *
     * @param name      the tool name shown in the timeline
     * @param arguments the tool's arguments by name (may be null or empty)
     * @param body      the tool's work
     * @return what {@code body} returned
     * @throws E what {@code body} threw
     */
    public <T, E extends Throwable> T tool(String name, Map<String, ?> arguments, Call<T, E> body) throws E {
        if (closed.get()) {
            return body.call();
        }
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("tool_name", name == null ? "unknown" : name);
        call.put("arguments", Values.arguments(arguments));
        String callId = emit(EventType.TOOL_CALL, currentParent(), null, call);
        toolCalls.incrementAndGet();
        return run(callId, name == null ? "unknown" : name, body, EventType.TOOL_RESULT, null);
    }

    /**
     * Runs an LLM call and records it: {@code llm_request} with the model and the number of messages
     * (the size of {@code request} when it is a collection or array, or of its {@code "messages"} entry
     * when it is a map; 0 otherwise), then {@code llm_response} with the duration and a preview of the
     * response, or {@code error} (the exception is rethrown).
     */
    public <T, E extends Throwable> T llm(String model, Object request, Call<T, E> body) throws E {
        return llm(model, request, body, null);
    }

    /**
     * Like {@link #llm(String, Object, Call)}, and records the token usage that {@code usage} reads from the
     * response. A {@code usage} function that returns null or throws records no usage; it never fails the call.
     */
    public <T, E extends Throwable> T llm(String model, Object request, Call<T, E> body,
                                          Function<? super T, Usage> usage) throws E {
        if (closed.get()) {
            return body.call();
        }
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("method", "llm");
        req.put("message_count", Values.messageCount(request));
        req.put("model", model == null ? "" : model);
        String requestId = emit(EventType.LLM_REQUEST, currentParent(), null, req);
        return run(requestId, null, body, EventType.LLM_RESPONSE, usage);
    }

    private <T, E extends Throwable> T run(String callId, String toolName, Call<T, E> body, EventType success,
                                           Function<? super T, Usage> usage) throws E {
        ArrayDeque<String> stack = openCalls.get();
        if (stack == null) {
            stack = new ArrayDeque<>();
            openCalls.set(stack);
        }
        stack.push(callId);
        long t0 = clock.nanoTime();
        T result;
        try {
            result = body.call();
        } catch (Throwable t) {
            double ms = elapsedMs(t0);
            pop(stack);
            Map<String, Object> data = new LinkedHashMap<>();
            if (toolName != null) {
                data.put("tool_name", toolName);
            }
            data.put("message", Values.message(t));
            data.put("exception_type", t.getClass().getSimpleName());
            errors.incrementAndGet();
            emit(EventType.ERROR, callId, ms, data);
            throw t;
        }
        double ms = elapsedMs(t0);
        pop(stack);
        Map<String, Object> data = new LinkedHashMap<>();
        if (toolName != null) {
            data.put("tool_name", toolName);
        }
        data.put("content_preview", Values.preview(result));
        if (usage != null) {
            putUsage(data, usage, result);
        }
        emit(success, callId, ms, data);
        return result;
    }

    private <T> void putUsage(Map<String, Object> data, Function<? super T, Usage> usage, T result) {
        Usage u;
        try {
            u = usage.apply(result);
        } catch (RuntimeException e) {
            return;
        }
        if (u == null) {
            return;
        }
        data.putAll(u.toData());
        totalTokens.addAndGet(u.total());
        unflushedTokens.addAndGet(u.total());
    }

    private void pop(ArrayDeque<String> stack) {
        stack.pop();
        if (stack.isEmpty()) {
            openCalls.remove();
        }
    }

    /** Records a decision the agent took: the choice, why, and what else it considered. */
    public void decision(String choice, String reason, List<String> alternatives) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("choice", choice == null ? "" : choice);
        data.put("reason", reason == null ? "" : reason);
        data.put("alternatives", alternatives == null ? List.of() : new ArrayList<>(alternatives));
        emitUnlessClosed(EventType.DECISION, data);
    }

    /** Records a decision without alternatives. */
    public void decision(String choice, String reason) {
        decision(choice, reason, List.of());
    }

    /** Records the user's prompt (a {@code user_prompt} event, full text). */
    public void prompt(String text) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("prompt", text == null ? "" : text);
        emitUnlessClosed(EventType.USER_PROMPT, data);
    }

    /** Records the agent's answer (an {@code assistant_response} event, full text). */
    public void response(String text) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", text == null ? "" : text);
        emitUnlessClosed(EventType.ASSISTANT_RESPONSE, data);
    }

    private void emitUnlessClosed(EventType type, Map<String, Object> data) {
        if (!closed.get()) {
            emit(type, currentParent(), null, data);
        }
    }

    /**
     * Ends the session: appends {@code session_end} (duration, tool calls, errors), sets
     * {@code ended_at} and the counters in {@code meta.json}, closes the file and drops the recorder mark.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        flusher.close();
        try {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("duration_ms", elapsedMs(startNanos));
            data.put("tool_calls", toolCalls.get());
            data.put("errors", errors.get());
            if (totalTokens.get() > 0) {
                data.put("total_tokens", totalTokens.get());
            }
            double now = now();
            writer.append(TraceEvent.of(EventType.SESSION_END, now, ids.eventId(), sessionId, null, null, data));
            long tokens = unflushedTokens.getAndSet(0);
            writer.flushMeta(m -> (tokens > 0 ? m.withTotalTokens(m.totalTokens() + tokens) : m).endedAt(now));
            if (workingDir != null) {
                Provenance.recordEnd(store.sessionDir(sessionId), workingDir, GitProcess.standard(), writer.redactor());
            }
        } catch (RuntimeException e) {
            report(e);
        } finally {
            try {
                writer.close();
            } catch (RuntimeException e) {
                report(e);
            } finally {
                if (mark != null) {
                    mark.close(); // last: until meta says the session ended, it must not read as abandoned
                }
            }
        }
    }

    private String currentParent() {
        ArrayDeque<String> stack = openCalls.get();
        return stack == null ? null : stack.peek();
    }

    private String emit(EventType type, String parentId, Double durationMs, Map<String, Object> data) {
        String id = ids.eventId();
        try {
            writer.append(TraceEvent.of(type, now(), id, sessionId, parentId, durationMs, data));
        } catch (RuntimeException e) {
            // A call that finishes while another thread closes the session loses its event; that is not a failure.
            if (!closed.get()) {
                report(e);
            }
        }
        return id;
    }

    private void report(RuntimeException e) {
        if (onRecordingError != null) {
            onRecordingError.accept(e);
        } else if (reportedFailure.compareAndSet(false, true)) {
            System.err.println("agent-strace: cannot record session " + sessionId + ": " + e.getMessage());
        }
    }

    private double now() {
        return clock.epochSeconds();
    }

    private double elapsedMs(long t0) {
        return (clock.nanoTime() - t0) / 1e6;
    }

    @Override
    public String toString() {
        return "TraceSession[" + sessionId + " in " + store.root() + "]";
    }
}
