package io.github.agentstrace.session;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sessions written event by event through the store's own writer, then read by the session model. */
final class SessionFixture implements AutoCloseable {
    static final double T0 = 1_795_000_000.0;
    static final PriceTable PRICES = PriceTable.load(null);

    final TraceStore store;
    final List<String> warnings = new ArrayList<>();
    private final String id;
    private final SessionWriter writer;
    private int n;

    SessionFixture(Path dir, String id) {
        this(new TraceStore(dir), SessionMeta.start(id, T0, "agent", ""));
    }

    SessionFixture(TraceStore store, SessionMeta meta) {
        this.store = store;
        this.id = meta.sessionId();
        store.create(meta, Redactor.disabled());
        this.writer = store.writer(id, Redactor.disabled());
    }

    /** Appends an event at {@code T0 + offset} seconds; returns its id ({@code e1}, {@code e2}...). */
    String add(String type, double offset, String parent, Double duration, Object... kv) {
        String eventId = id.charAt(0) + "e" + (++n);
        writer.append(new TraceEvent(type, T0 + offset, eventId, id, parent, duration, map(kv)));
        return eventId;
    }

    /** Appends an event with the given id. */
    String addAs(String eventId, String type, double offset, String parent, Double duration, Object... kv) {
        n++;
        writer.append(new TraceEvent(type, T0 + offset, eventId, id, parent, duration, map(kv)));
        return eventId;
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    Reading reading() {
        return new Reading(store, PRICES, warnings::add, meta -> false);
    }

    SessionView read() {
        writer.close();
        return reading().read(id, true, true, SessionListener.NONE);
    }

    SessionView read(Reading.Phases phases) {
        writer.close();
        return reading().read(id, true, phases, SessionListener.NONE);
    }

    /** Every step the model hands out, in order. */
    List<Step> steps() {
        writer.close();
        List<Step> steps = new ArrayList<>();
        reading().read(id, false, false, new SessionListener() {
            @Override
            public void step(Step s) {
                steps.add(s);
            }
        });
        return steps;
    }

    @Override
    public void close() {
        writer.close();
    }
}
