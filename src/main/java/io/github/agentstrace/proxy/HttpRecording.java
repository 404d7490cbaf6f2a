package io.github.agentstrace.proxy;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import io.github.agentstrace.mcp.Direction;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.SessionWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Records what crosses the HTTP proxy, off the forwarding path.
 *
 * <p>Forwarding threads only hand over bytes they already hold, stamped with the time they were seen;
 * one recording thread decodes them and feeds the classifier in arrival order, so a slow disk never
 * slows the agent and the classifier needs no locking. Its clock reads the stamp of the message being
 * delivered, so latencies are those the proxy saw, not those of the queue.
 *
 * <p>Each MCP conversation gets its own classifier (keyed by {@code Mcp-Session-Id}, by the legacy
 * SSE endpoint, or, for a request without a session, by its own exchange), because two clients number
 * their requests from the same ids; messages of one conversation pair up whichever stream carried them. Bodies above {@link #MAX_RECORDED_BODY} are
 * forwarded but recorded only as a sample. Recording failures go to {@code warn}, never to the agent.
 */
public final class HttpRecording implements AutoCloseable {
    /** Largest body handed to the classifier (16 MiB); bigger ones are recorded as unparsed samples. */
    public static final int MAX_RECORDED_BODY = 16 << 20;
    private static final int SAMPLE = 256;

    private record Task(long nanos, double epoch, Runnable action) {
    }

    private final SessionWriter writer;
    private final Ids ids;
    private final MessageRecorder.Factory factory;
    private final Clock clock;
    private final Consumer<String> warn;
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final QuietWindow window;
    private final Map<String, MessageRecorder> recorders = new LinkedHashMap<>();
    private Map<String, Object> sessionInfo = Map.of();
    private final Thread worker;
    // Written and read on the worker thread only (the classifiers' clocks read them during delivery).
    private long currentNanos;
    private double currentEpoch;
    private volatile boolean closed;

    /** Recording waits for {@link QuietWindow#QUIET_NANOS} without traffic, and lags the wire by at most {@link QuietWindow#MAX_LAG_NANOS}. */
    public HttpRecording(SessionWriter writer, Ids ids, MessageRecorder.Factory factory, Clock clock, Consumer<String> warn) {
        this(writer, ids, factory, clock, warn, QuietWindow.QUIET_NANOS, QuietWindow.MAX_LAG_NANOS);
    }

    HttpRecording(SessionWriter writer, Ids ids, MessageRecorder.Factory factory, Clock clock, Consumer<String> warn, long quietNanos, long maxLagNanos) {
        this.window = new QuietWindow(clock, quietNanos, maxLagNanos);
        this.writer = writer;
        this.ids = ids;
        this.factory = factory;
        this.clock = clock;
        this.warn = warn;
        this.worker = new Thread(this::drain, "agent-strace-http-recorder");
        worker.setDaemon(true);
        worker.start();
    }

    /** A whole HTTP body; {@code onlyJsonRpc} skips JSON that is not JSON-RPC (OAuth metadata and such). */
    void body(Direction dir, String key, byte[] body, boolean onlyJsonRpc, Map<String, Object> transport) {
        submit(() -> deliverBody(dir, key, body, onlyJsonRpc, transport));
    }

    /** The data of one SSE event. */
    void sseData(String key, String data, Map<String, Object> transport) {
        submit(() -> deliverText(Direction.SERVER_TO_CLIENT, key, data, false, transport));
    }

    /** Something the classifier cannot read (a compressed body, for one). */
    void unparsed(Direction dir, String key, String reason, byte[] sample) {
        submit(() -> recorder(key).unparsed(dir, reason, sample(sample)));
    }

    /**
     * Ends a conversation that lived on one exchange: its classifier records what stayed unanswered
     * (a closed stream is a cancellation) and is dropped, so stateless traffic does not pile up.
     */
    void endConversation(String key) {
        submit(() -> {
            MessageRecorder r = recorders.remove(key);
            if (r != null) {
                if (sessionInfo.isEmpty()) {
                    sessionInfo = r.sessionInfo();
                }
                r.close();
            }
        });
    }

    /** A proxy failure: an {@code error} event in the session. */
    void failure(String message, Map<String, Object> details) {
        submit(() -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("message", message);
            data.put("source", "http-proxy");
            data.putAll(details);
            writer.append(TraceEvent.of(EventType.ERROR, currentEpoch, ids.eventId(), writer.sessionId(), null, null,
                    data));
        });
    }

    private synchronized void submit(Runnable action) {
        if (closed) {
            return; // a stream still ending after shutdown; the session is already complete
        }
        long now = window.touch();
        queue.add(new Task(now, clock.epochSeconds(), action));
    }

    private void drain() {
        while (true) {
            Task task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (task.action() == null) {
                return;
            }
            try {
                window.await(task.nanos(), () -> closed); // after close, no waiting
            } catch (InterruptedException e) {
                return;
            }
            currentNanos = task.nanos();
            currentEpoch = task.epoch();
            try {
                task.action().run();
            } catch (RuntimeException e) {
                warn.accept("recording failed: " + e);
            }
        }
    }

    private MessageRecorder recorder(String key) {
        return recorders.computeIfAbsent(key, k -> factory.open(Clock.at(() -> currentNanos, () -> currentEpoch)));
    }

    private void deliverBody(Direction dir, String key, byte[] body, boolean onlyJsonRpc, Map<String, Object> transport) {
        if (body.length > MAX_RECORDED_BODY) {
            recorder(key).unparsed(dir, "body of " + body.length + " bytes is over the recording limit of "
                    + MAX_RECORDED_BODY + " bytes", sample(body));
            return;
        }
        String text;
        try {
            text = Json.decodeUtf8(body);
        } catch (JsonException e) {
            recorder(key).unparsed(dir, "body is not UTF-8", sample(body));
            return;
        }
        deliverText(dir, key, text, onlyJsonRpc, transport);
    }

    private void deliverText(Direction dir, String key, String text, boolean onlyJsonRpc, Map<String, Object> transport) {
        String json = text.strip();
        if (json.startsWith("\uFEFF")) {
            json = json.substring(1).strip();
        }
        if (json.isEmpty()) {
            return;
        }
        if (json.charAt(0) != '{' && json.charAt(0) != '[') {
            if (!onlyJsonRpc) {
                recorder(key).unparsed(dir, "not JSON", sample(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            return;
        }
        if (onlyJsonRpc && !json.contains("\"jsonrpc\"")) {
            return;
        }
        recorder(key).message(dir, json, transport);
    }

    private static byte[] sample(byte[] bytes) {
        return bytes.length <= SAMPLE ? bytes : Arrays.copyOf(bytes, SAMPLE);
    }

    /** What the first conversation's peers said about themselves; available after {@link #close}. */
    Map<String, Object> sessionInfo() {
        return sessionInfo;
    }

    /** Records everything already handed over, then closes the classifiers. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(new Task(0, 0, null));
        }
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (MessageRecorder r : recorders.values()) {
            try {
                if (sessionInfo.isEmpty()) {
                    sessionInfo = r.sessionInfo();
                }
                r.close();
            } catch (RuntimeException e) {
                warn.accept("recording failed: " + e);
            }
        }
        recorders.clear();
    }
}
