package io.github.agentstrace.web;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.session.Phase;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.session.Summary;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The rows of the session list: each session's own facts from the session model, remembered while its
 * files do not change (a directory of thousands of finished sessions is read once, a running one again
 * whenever it grows).
 */
final class SessionIndex {
    /** A session's row and the state of its files when it was read. */
    private record Entry(long eventsSize, long eventsModified, long metaModified, Map<String, Object> row) {
    }

    private final TraceStore store;
    private final Supplier<Reading> readings;
    private final Consumer<String> warnings;
    private final Map<String, Object> where;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    /** {@code where}: what each row adds to say which directory it is of (nothing when only one is served). */
    SessionIndex(TraceStore store, Supplier<Reading> readings, Consumer<String> warnings, Map<String, Object> where) {
        this.store = store;
        this.readings = readings;
        this.warnings = warnings;
        this.where = new LinkedHashMap<>(where); // in order: the rows' keys are
    }

    /** Every session, most recently started first, subagents included (each names its parent). */
    List<Map<String, Object>> rows() {
        List<SessionMeta> metas = store.list(warnings);
        Reading reading = null;
        List<Map<String, Object>> out = new ArrayList<>(metas.size());
        java.util.Set<String> present = new java.util.HashSet<>();
        for (SessionMeta m : metas) {
            String id = m.sessionId();
            present.add(id);
            long[] stamp = stamp(id);
            Entry e = cache.get(id);
            if (e == null || e.eventsSize != stamp[0] || e.eventsModified != stamp[1] || e.metaModified != stamp[2]) {
                if (reading == null) {
                    reading = readings.get();
                }
                Map<String, Object> row = row(reading.read(id, false, true, SessionListener.NONE));
                row.putAll(where);
                e = new Entry(stamp[0], stamp[1], stamp[2], row);
                cache.put(id, e);
            }
            out.add(e.row);
        }
        cache.keySet().retainAll(present); // sessions deleted since
        return out;
    }

    private long[] stamp(String id) {
        Path events = store.eventsFile(id);
        Path meta = store.sessionDir(id).resolve(TraceStore.META);
        try {
            long size = Files.exists(events) ? Files.size(events) : -1;
            long modified = size < 0 ? -1 : Files.getLastModifiedTime(events).toMillis();
            return new long[] {size, modified, Files.getLastModifiedTime(meta).toMillis()};
        } catch (IOException e) {
            return new long[] {-2, -2, -2}; // unreadable now: read it again next time
        }
    }

    /** One session's row: the numbers of {@code stats} and {@code explain} for that session alone. */
    static Map<String, Object> row(SessionView v) {
        Summary s = v.summary();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("session_id", v.id());
        r.put("parent_session_id", v.meta().parentSessionId().isEmpty() ? null : v.meta().parentSessionId());
        r.put("agent", v.meta().agentName());
        String title = null;
        for (Phase p : v.phases()) {
            if (p.promptNumber() > 0) {
                title = p.label();
                break;
            }
        }
        r.put("title", title != null ? title : v.meta().command().isBlank() ? null : v.meta().command());
        r.put("project", v.cwd());
        r.put("model", v.model());
        r.put("status", v.status().word());
        r.put("started_at", v.meta().startedAt());
        r.put("duration_ms", Math.round(s.timing().spanMs()));
        r.put("prompts", s.prompts());
        r.put("tool_calls", s.toolCalls());
        r.put("errors", s.errors());
        r.put("llm_turns", s.turns());
        r.put("tokens", s.tokens());
        r.put("cost_usd", PriceTable.roundUsd(s.costUsd()));
        return r;
    }
}
