package io.github.agentstrace.web;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.replay.FollowedFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One live page's stream of Server-Sent Events: the page's data at once, then again, read anew through the
 * session model, whenever complete lines have been appended to the session's events file (followed as
 * {@code replay --follow} follows it: woken by the file system's change notification, else polling). Reading
 * the session again keeps every number the model's; appends that arrive together are read once, and reads
 * are at least {@code minGapMs} apart so that a busy session is not read back to back. A comment line every
 * {@link #PING_MS} finds a page that was closed.
 */
final class LiveFeed implements AutoCloseable {
    static final long PING_MS = 15_000;

    private final FollowedFile file;
    private final Supplier<Object> data;
    private final long minGapMs;
    private final BooleanSupplier stop;

    LiveFeed(Path events, Supplier<Object> data, long minGapMs, BooleanSupplier stop) {
        this.file = new FollowedFile(events);
        this.data = data;
        this.minGapMs = minGapMs;
        this.stop = stop;
    }

    /** Streams until the page goes away (a write fails), the server stops, or the thread is interrupted. */
    void run(OutputStream out) throws IOException {
        file.skipExisting(); // what is there now is in the first message, read through the session model
        send(out, "session", Json.write(data.get(), Json.Style.COMPACT_ASCII));
        long lastSent = System.nanoTime();
        long lastWrite = lastSent;
        while (!stop.getAsBoolean()) {
            try {
                file.await(TimeUnit.MILLISECONDS.toNanos(PING_MS));
                long sinceSent = (System.nanoTime() - lastSent) / 1_000_000;
                if (sinceSent < minGapMs) {
                    Thread.sleep(minGapMs - sinceSent); // let the rest of a burst of appends arrive
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (file.poll(e -> { }, w -> { }) > 0) {
                send(out, "session", Json.write(data.get(), Json.Style.COMPACT_ASCII));
                lastSent = lastWrite = System.nanoTime();
            } else if (System.nanoTime() - lastWrite >= TimeUnit.MILLISECONDS.toNanos(PING_MS)) {
                out.write(": ping\n\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                lastWrite = System.nanoTime();
            }
        }
    }

    /** One event; the JSON text has no line breaks (they are escaped), so it is one {@code data:} line. */
    static void send(OutputStream out, String event, String json) throws IOException {
        out.write(("event: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
