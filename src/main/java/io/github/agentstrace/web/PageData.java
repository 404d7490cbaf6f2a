package io.github.agentstrace.web;

import io.github.agentstrace.analysis.Explanation;
import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.session.Phase;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.session.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data a session page renders, read once through the session model: the session's explanation (the
 * same JSON as {@code explain --json}, so the page's numbers are those of {@code explain}, {@code stats} and
 * {@code cost}), one lane per session of the tree, and one compact array of rows (see {@link Rows}).
 * Documented in docs/web.md.
 */
public final class PageData {
    /** The names of a row's cells, in order; the page reads rows by these positions. */
    static final List<String> COLUMNS = List.of("kind", "lane", "event", "t_ms", "duration_ms", "outcome", "tool",
            "text", "phase", "classes", "detail");
    /** The format of the data; bumped when a page of an older version could not read it. */
    static final String FORMAT = "agent-strace-page/1";

    private PageData() {
    }

    /**
     * Reads a session and its subagents.
     *
     * @param reading the session model over the trace directory
     * @param id      an exact session id
     */
    public static Map<String, Object> of(Reading reading, String id) {
        Rows rows = new Rows();
        SessionView view = reading.read(id, true, true, rows);
        return of(view, rows);
    }

    static Map<String, Object> of(SessionView view, Rows rows) {
        List<SessionView> views = view.flatten();
        double origin = view.summary().timing().start();
        if (Double.isNaN(origin)) {
            origin = view.meta().startedAt();
        }
        // Each session's phase in the root session: its own for the root, the spawning phase for subagents.
        Map<SessionView, Integer> rootPhase = new IdentityHashMap<>();
        Map<SessionView, Integer> parentLane = new IdentityHashMap<>();
        Map<SessionView, Long> spawnedBy = new IdentityHashMap<>();
        mark(view, -1, -1, 0L, views, rootPhase, parentLane, spawnedBy);

        List<Object> lanes = new ArrayList<>();
        for (SessionView v : views) {
            Summary s = v.summary();
            Map<String, Object> lane = new LinkedHashMap<>();
            lane.put("session_id", v.id());
            lane.put("agent", v.meta().agentName());
            lane.put("depth", v.depth());
            lane.put("parent", parentLane.get(v));
            lane.put("spawned_by_event", spawnedBy.get(v) == 0 ? null : spawnedBy.get(v));
            lane.put("phase", rootPhase.get(v));
            lane.put("status", v.status().word());
            lane.put("model", v.model());
            lane.put("start_ms", offset(s.timing().start(), origin));
            lane.put("end_ms", offset(s.timing().end(), origin));
            lane.put("tool_calls", s.toolCalls());
            lane.put("errors", s.errors());
            lane.put("tokens", s.tokens());
            lane.put("cost_usd", PriceTable.roundUsd(s.costUsd()));
            lanes.add(lane);
        }

        List<Rows.Row> all = rows.rows();
        for (Rows.Row r : all) {
            SessionView v = r.lane() < views.size() ? views.get(r.lane()) : view;
            int phase = v == view ? phaseOf(view.phases(), r.number()) : rootPhase.get(v);
            r.cells().set(3, offset(r.start(), origin));
            r.cells().set(8, phase);
            if ("c".equals(r.cells().get(0)) && r.cells().get(7) instanceof String text && !text.startsWith("$ ")) {
                r.cells().set(7, v.shortPath(text)); // a path as people read it, inside the project
            }
        }
        List<Rows.Row> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt((Rows.Row r) -> (Integer) r.cells().get(8))
                .thenComparingDouble(Rows.Row::start).thenComparingInt(Rows.Row::lane)
                .thenComparingLong(Rows.Row::number));
        List<Object> cells = new ArrayList<>(sorted.size());
        for (Rows.Row r : sorted) {
            cells.add(r.cells());
        }

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("origin", origin);
        m.put("session", Explanation.of(view).toJson());
        m.put("lanes", lanes);
        m.put("columns", COLUMNS);
        m.put("rows", cells);
        return m;
    }

    private static void mark(SessionView v, int parent, int phase, long spawn, List<SessionView> views,
                             Map<SessionView, Integer> rootPhase, Map<SessionView, Integer> parentLane,
                             Map<SessionView, Long> spawnedBy) {
        rootPhase.put(v, phase < 0 ? 0 : phase);
        parentLane.put(v, parent < 0 ? null : parent);
        spawnedBy.put(v, spawn);
        int self = indexOf(views, v);
        for (SessionView.Child c : v.children()) {
            mark(c.view(), self, phase < 0 ? c.phase() : phase, c.spawnedBy(), views, rootPhase, parentLane,
                    spawnedBy);
        }
    }

    private static int indexOf(List<SessionView> views, SessionView v) {
        for (int i = 0; i < views.size(); i++) {
            if (views.get(i) == v) {
                return i;
            }
        }
        return -1;
    }

    /** The phase an event belongs to: the last phase opened at or before it (phases open at their prompt). */
    static int phaseOf(List<Phase> phases, long number) {
        int lo = 0;
        int hi = phases.size() - 1;
        int at = 0;
        while (lo <= hi) { // phases are in prompt order, and a long session has thousands
            int mid = (lo + hi) >>> 1;
            if (phases.get(mid).promptNumber() <= number) {
                at = phases.get(mid).index();
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return at;
    }

    private static long offset(double t, double origin) {
        return Double.isNaN(t) ? 0 : Math.round((t - origin) * 1000.0);
    }
}
