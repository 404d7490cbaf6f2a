package io.github.agentstrace.receive;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.RecorderMark;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.StoreException;
import io.github.agentstrace.store.TraceStore;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The sessions the receiver writes: created on their first fact (meta.json and a session_start), appended to
 * through one {@link SessionWriter} each (so through the {@link Redactor}), and marked as being recorded for
 * as long as the receiver runs, so a call still open is pending while it runs and interrupted once it is gone.
 *
 * <p>A fact is written once: the ids of the events already in a session are remembered (read back from the
 * file when the receiver first meets a session it wrote in an earlier run), and a fact whose first event id is
 * among them is dropped. Thread-safe: requests are served by several threads.
 */
final class ReceivedSessions implements AutoCloseable {
    private final TraceStore store;
    private final Redactor redactor;
    private final Consumer<String> warnings;
    private final Map<String, Open> open = new LinkedHashMap<>();

    private record Open(SessionWriter writer, RecorderMark mark, Set<String> written) {
    }

    ReceivedSessions(TraceStore store, Redactor redactor, Consumer<String> warnings) {
        this.store = store;
        this.redactor = redactor;
        this.warnings = warnings;
    }

    /** Writes the facts not written before, in order. Returns the number of events written. */
    synchronized int record(List<Fact> facts) {
        int written = 0;
        Set<Open> touched = new LinkedHashSet<>();
        for (Fact f : facts) {
            Open o = open(f.session(), f.events().get(0).timestamp());
            if (o.written.contains(f.events().get(0).eventId())) {
                continue;
            }
            o.writer.appendAll(f.events());
            for (TraceEvent e : f.events()) {
                o.written.add(e.eventId());
            }
            written += f.events().size();
            touched.add(o);
        }
        for (Open o : touched) {
            o.writer.flushMetaIfCounted();
        }
        return written;
    }

    private Open open(SessionOrigin origin, double firstTime) {
        String sid = origin.sessionId();
        Open o = open.get(sid);
        if (o != null) {
            return o;
        }
        Set<String> written = new HashSet<>();
        boolean fresh = !store.exists(sid);
        if (fresh) {
            Map<String, Object> attribution = new LinkedHashMap<>();
            if (origin.version() != null) {
                attribution.put("agent_version", origin.version());
            }
            store.create(SessionMeta.start(sid, firstTime, origin.agent(), origin.agent() + " (otlp)")
                    .withAttribution(attribution), redactor);
        } else {
            store.reader(sid, warnings).forEach(e -> {
                if (e.eventId() != null) {
                    written.add(e.eventId());
                }
            });
        }
        SessionWriter writer = store.writer(sid, redactor);
        RecorderMark mark = null;
        try {
            mark = store.markRecorder(sid);
        } catch (StoreException e) {
            warnings.accept(e.getMessage() + "; recording it anyway");
        }
        o = new Open(writer, mark, written);
        open.put(sid, o);
        String startId = TelemetryMapper.eventId(sid, "start", 0);
        if (!written.contains(startId)) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("mode", "otlp");
            data.put("source", "otlp");
            data.put(origin.claudeCode() ? "claude_session_id" : "conversation_id", origin.external());
            data.put("service_name", origin.agent());
            if (origin.version() != null) {
                data.put("service_version", origin.version());
            }
            data.put("redaction", redactor.enabled() ? "on" : "off");
            writer.append(TraceEvent.of(EventType.SESSION_START, firstTime, startId, sid, null, null, data));
            written.add(startId);
        }
        return o;
    }

    /** Flushes and closes every session; their recorder marks are released, so they read as no longer recorded. */
    @Override
    public synchronized void close() {
        for (Open o : open.values()) {
            try {
                o.writer.close();
            } catch (RuntimeException e) {
                warnings.accept("cannot close session " + o.writer.sessionId() + ": " + e.getMessage());
            }
            if (o.mark != null) {
                o.mark.close();
            }
        }
        open.clear();
    }
}
