package io.github.agentstrace.export;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test data for the export and OTLP tests: the original's three fixture sessions (from
 * {@code src/test/resources/fixtures/}) and sessions built event by event through the store's writer.
 */
public final class ExportFixtures {
    /** Fixture name to session id. */
    public static final Map<String, String> SESSIONS = Map.of(
            "a-hooks", "3b9e1f4a-6c2d-4f",
            "b-decorator", "a9fa908b3ec146e3",
            "c-stdio-proxy", "a0e78b1d5c424034");

    private ExportFixtures() {
    }

    /** Copies the three fixture sessions into {@code traceDir}; returns it. */
    public static Path copySessions(Path traceDir) {
        try {
            for (String id : SESSIONS.values()) {
                Path dir = Files.createDirectories(traceDir.resolve(id));
                for (String f : new String[] {"meta.json", "events.ndjson"}) {
                    try (InputStream in = resource("/fixtures/" + id + "/" + f)) {
                        Files.copy(in, dir.resolve(f));
                    }
                }
            }
            return traceDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A golden file of the original, e.g. {@code golden("a-hooks", "export.csv")}. */
    public static String golden(String fixture, String file) {
        try (InputStream in = resource("/export/golden/" + fixture + "/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = ExportFixtures.class.getResourceAsStream(path);
        if (in == null) {
            throw new IOException("missing test resource " + path);
        }
        return in;
    }

    /** Builds a session through {@link TraceStore#create} and {@link SessionWriter}, with explicit ids and times. */
    public static final class Builder implements AutoCloseable {
        private final TraceStore store;
        private final String sessionId;
        private final SessionWriter writer;
        private double clock;

        public Builder(TraceStore store, String sessionId, String agentName, double startedAt) {
            this(store, SessionMeta.start(sessionId, startedAt, agentName, "test " + agentName));
        }

        public Builder(TraceStore store, SessionMeta meta) {
            this.store = store;
            this.sessionId = meta.sessionId();
            this.clock = meta.startedAt();
            store.create(meta, Redactor.disabled());
            this.writer = store.writer(sessionId, Redactor.disabled());
        }

        /** Appends an event {@code dt} seconds after the previous one. */
        public TraceEvent add(double dt, EventType type, String eventId, String parentId, Double durationMs,
                              Object... keyValues) {
            clock += dt;
            Map<String, Object> data = new LinkedHashMap<>();
            for (int i = 0; i < keyValues.length; i += 2) {
                data.put((String) keyValues[i], keyValues[i + 1]);
            }
            return writer.append(TraceEvent.of(type, clock, eventId, sessionId, parentId, durationMs, data));
        }

        public double now() {
            return clock;
        }

        /** Ends the session at the current clock. */
        @Override
        public void close() {
            writer.flushMeta(m -> m.endedAt(clock));
            writer.close();
        }

        public TraceStore store() {
            return store;
        }
    }
}
