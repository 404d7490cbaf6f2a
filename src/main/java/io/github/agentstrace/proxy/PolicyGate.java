package io.github.agentstrace.proxy;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code record --policy}: the one place the stdio proxy does not forward what it reads. Client messages
 * (newline-delimited JSON-RPC, as MCP's stdio transport frames them) are held until their line is whole;
 * a {@code tools/call} request the {@link CallGate} denies never reaches the server, and the proxy answers
 * it with a JSON-RPC error ({@value #DENIED_CODE}, the reason as its message, the denial's facts as its
 * {@code data}). Every other line is forwarded byte for byte, unchanged.
 *
 * <p>Why a JSON-RPC error rather than an {@code isError} result: the tool did not run, so there is no tool
 * result to report, and the error is recorded as what answered the call (an {@code error} event, as the
 * hook's denial is); MCP clients hand an error's message to the model as the call's outcome.
 *
 * <p>The answer goes to the client between two server messages, never inside one: the server-to-client
 * pump passes its bytes through {@link #fromServer}, and an answer waits for the server's output to be at a
 * line end. Both the request and the answer are queued for the recording in the order the client sees them.
 *
 * <p>A client that frames with {@code Content-Length} headers (not MCP's stdio framing) cannot be judged
 * line by line: the gate says so once and then passes everything through.
 */
final class PolicyGate {
    /** JSON-RPC error code of a denied call: in the range JSON-RPC leaves to implementations. */
    static final int DENIED_CODE = -32001;
    /** A line longer than this is forwarded unjudged (with a warning) rather than held in memory. */
    static final int MAX_LINE = 64 * 1024 * 1024;

    private final CallGate gate;
    private final Consumer<String> warn;
    private final Object lock = new Object();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private BytePump toClient;
    /** The server's output stopped inside a message (its last byte was not a line end). */
    private boolean serverMidMessage;
    private boolean serverDone;
    private boolean passThrough;
    /** The rest of an over-long line is forwarded as it comes. */
    private boolean streamingLine;

    PolicyGate(CallGate gate, Consumer<String> warn) {
        this.gate = gate;
        this.warn = warn;
    }

    /** The server-to-client pump, through which answers reach the client. */
    void answerThrough(BytePump pump) {
        this.toClient = pump;
    }

    /** Client-to-server bytes: whole lines are judged, then forwarded or answered. */
    void fromClient(BytePump pump, byte[] buf, int n, long nanos) {
        if (passThrough) {
            pump.emit(buf, n, nanos);
            return;
        }
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
                take(pump, buf, start, i + 1 - start, nanos);
                start = i + 1;
                lineEnded(pump, nanos);
            }
        }
        if (start < n) {
            take(pump, buf, start, n - start, nanos);
            if (!streamingLine && line.size() > MAX_LINE) {
                warn.accept("record --policy: a client message longer than " + MAX_LINE
                        + " bytes was forwarded without a policy check");
                streamingLine = true;
                flushLine(pump, nanos);
            }
        }
    }

    private void take(BytePump pump, byte[] buf, int off, int len, long nanos) {
        if (streamingLine) {
            byte[] part = Arrays.copyOfRange(buf, off, off + len);
            pump.emit(part, part.length, nanos);
        } else {
            line.write(buf, off, len);
        }
    }

    private void flushLine(BytePump pump, long nanos) {
        byte[] bytes = line.toByteArray();
        line.reset();
        pump.emit(bytes, bytes.length, nanos);
    }

    private void lineEnded(BytePump pump, long nanos) {
        if (streamingLine) {
            streamingLine = false;
            return;
        }
        byte[] bytes = line.toByteArray();
        line.reset();
        if (startsWithContentLength(bytes)) {
            warn.accept("record --policy: the client frames messages with Content-Length headers; "
                    + "its calls are forwarded without a policy check");
            passThrough = true;
            pump.emit(bytes, bytes.length, nanos);
            return;
        }
        byte[] answer = judge(bytes);
        if (answer == null) {
            pump.emit(bytes, bytes.length, nanos);
            return;
        }
        pump.record(bytes, bytes.length, nanos);
        answer(answer, nanos);
    }

    /** The answer to a line that holds a denied call (the whole line is then not forwarded), or null. */
    private byte[] judge(byte[] bytes) {
        Object parsed;
        try {
            parsed = Json.parse(bytes);
        } catch (JsonException e) {
            return null; // not ours to judge: the server answers a malformed message as it would without us
        }
        if (parsed instanceof Map<?, ?>) {
            Map<String, Object> m = Json.asObject(parsed);
            CallGate.Denial d = denial(m);
            return d == null ? null : line(error(m.get("id"), d));
        }
        if (!(parsed instanceof List<?> batch)) {
            return null;
        }
        // A batch (older MCP versions) goes to the server whole or not at all: with a denied call in it, every
        // request in it is answered here, so no part of it runs.
        List<CallGate.Denial> denials = new ArrayList<>();
        boolean any = false;
        for (Object item : batch) {
            CallGate.Denial d = item instanceof Map<?, ?> ? denial(Json.asObject(item)) : null;
            denials.add(d);
            any |= d != null;
        }
        if (!any) {
            return null;
        }
        List<Object> answers = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (!(batch.get(i) instanceof Map<?, ?> item) || item.get("method") == null || !item.containsKey("id")) {
                continue; // notifications and responses get no answer
            }
            CallGate.Denial d = denials.get(i);
            answers.add(error(item.get("id"), d != null ? d : new CallGate.Denial(
                    "agent-strace policy: not forwarded, because its batch holds a call the policy denies", Map.of())));
        }
        return answers.isEmpty() ? null : line(answers);
    }

    private CallGate.Denial denial(Map<String, Object> m) {
        if (!"tools/call".equals(m.get("method")) || !m.containsKey("id")) {
            return null;
        }
        Map<String, Object> params = Json.asObject(m.get("params"));
        String tool = params.get("name") instanceof String s ? s : "";
        return gate.check(tool, Json.asObject(params.get("arguments")));
    }

    private static Map<String, Object> error(Object id, CallGate.Denial d) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", DENIED_CODE);
        error.put("message", d.message());
        if (!d.data().isEmpty()) {
            error.put("data", new LinkedHashMap<>(d.data()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("jsonrpc", "2.0");
        answer.put("id", id);
        answer.put("error", error);
        return answer;
    }

    private static byte[] line(Object message) {
        return (Json.write(message) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Sends an answer to the client at the server's next message boundary. */
    private void answer(byte[] bytes, long nanos) {
        synchronized (lock) {
            boolean interrupted = false;
            while (serverMidMessage && !serverDone) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            toClient.emit(bytes, bytes.length, nanos);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The client's input ended: a last line without its line end is forwarded as it is, unjudged as before. */
    void clientEnded(BytePump pump) {
        if (line.size() > 0) {
            flushLine(pump, pump.lastActivityNanos());
        }
    }

    /** Server-to-client bytes: forwarded at once, noting whether they end at a message boundary. */
    void fromServer(BytePump pump, byte[] buf, int n, long nanos) {
        synchronized (lock) {
            pump.emit(buf, n, nanos);
            serverMidMessage = buf[n - 1] != '\n';
            if (!serverMidMessage) {
                lock.notifyAll();
            }
        }
    }

    /** The server's output ended: answers no longer wait for a boundary. */
    void serverEnded() {
        synchronized (lock) {
            serverDone = true;
            lock.notifyAll();
        }
    }

    private static boolean startsWithContentLength(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 32), StandardCharsets.US_ASCII).stripLeading();
        return head.regionMatches(true, 0, "Content-Length:", 0, "Content-Length:".length());
    }
}
