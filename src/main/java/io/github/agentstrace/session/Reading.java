package io.github.agentstrace.session;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.Texts;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.provenance.Provenance;
import io.github.agentstrace.store.RecorderState;
import io.github.agentstrace.store.TraceStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads sessions into {@link SessionView}s: each session's events stream once through a {@link SessionPass},
 * subagent sessions are reached through the one {@link SessionTree} walk, and every listener sees the steps
 * as they are read. This is how every reader (replay aside, which interleaves) gets at sessions.
 */
public final class Reading {
    private final TraceStore store;
    private final SessionTree tree;
    private final PriceTable prices;
    private final Consumer<String> warnings;
    private final Predicate<SessionMeta> recorderGone;

    /**
     * @param recorderGone tells whether the process recording a session is gone without ending it
     */
    public Reading(TraceStore store, PriceTable prices, Consumer<String> warnings, Predicate<SessionMeta> recorderGone) {
        this.store = store;
        this.tree = new SessionTree(store, warnings);
        this.prices = prices;
        this.warnings = warnings;
        this.recorderGone = recorderGone;
    }

    /**
     * The model over a trace directory, where a session whose recorder is gone without ending it (a
     * {@code record} killed with -9) is over: its unanswered calls are interrupted, not pending.
     */
    public static Reading of(TraceStore store, PriceTable prices, Consumer<String> warnings) {
        return new Reading(store, prices, warnings,
                meta -> !meta.finished() && store.recorder(meta.sessionId()) == RecorderState.GONE);
    }

    public SessionTree tree() {
        return tree;
    }

    public PriceTable prices() {
        return prices;
    }

    /**
     * Reads a session.
     *
     * @param id            the session (an exact id)
     * @param withSubagents also read every subagent session below it (then {@link SessionView#tree} covers them)
     * @param phases        tally each phase
     * @param listener      gets every session's steps, the session first, then each subagent depth first
     */
    public SessionView read(String id, boolean withSubagents, boolean phases, SessionListener listener) {
        return read(id, withSubagents, phases ? Phases.TALLIED : Phases.NONE, listener);
    }

    /** How much of its phases a {@link SessionView} carries. */
    public enum Phases {
        /** No phases. */
        NONE,
        /**
         * Each phase's prompt, label and times, with an empty summary: what aligning two sessions' phases needs,
         * without a tally per phase (thousands of phases in a long session).
         */
        BOUNDS,
        /** Each phase with the summary of its own events. */
        TALLIED
    }

    /** Reads a session, with as much of its phases as {@code phases} says (else as {@link #read(String, boolean, boolean, SessionListener)}). */
    public SessionView read(String id, boolean withSubagents, Phases phases, SessionListener listener) {
        SessionTree.Node root = withSubagents ? tree.walk(id) : tree.single(id);
        return read(root, List.of(), phases, listener);
    }

    private SessionView read(SessionTree.Node node, List<Tally> above, Phases phases, SessionListener listener) {
        SessionMeta meta = node.meta();
        Tally treeTally = new Tally();
        List<Tally> outer = new ArrayList<>(above);
        if (!node.children().isEmpty()) {
            outer.add(treeTally); // a session without subagents is its own tree: its own tally says it all
        }
        Set<String> spawnIds = new HashSet<>();
        for (SessionTree.Node child : node.children()) {
            if (!child.meta().parentEventId().isEmpty()) {
                spawnIds.add(child.meta().parentEventId());
            }
        }
        SessionPass pass = new SessionPass(meta, node.depth(), prices, listener, outer, phases, spawnIds,
                recorderGone.test(meta));
        try (Stream<TraceEvent> events = store.reader(meta.sessionId(), warnings).events()) {
            events.forEachOrdered(pass::accept);
        }
        SessionPass.Result result = pass.finish();
        List<SessionView.Child> children = new ArrayList<>();
        for (SessionTree.Node child : node.children()) {
            SessionView view = read(child, outer, phases, listener);
            String spawn = child.meta().parentEventId().isEmpty() ? null : child.meta().parentEventId();
            long[] at = spawn == null ? null : result.spawns().get(spawn);
            int phase = at != null ? (int) at[1] : phaseAt(result.phases(), child.meta().startedAt());
            children.add(new SessionView.Child(view, at == null ? 0 : at[0], spawn, phase));
        }
        Summary own = result.summary();
        Summary whole = node.children().isEmpty() ? own : treeTally.summary().withTiming(own.timing());
        return new SessionView(meta, node.depth(), result.source(), result.status(), result.model(), result.cwd(), own,
                phases(result, children), List.copyOf(children), whole, Provenance.read(store.sessionDir(meta.sessionId())));
    }

    private static List<Phase> phases(SessionPass.Result result, List<SessionView.Child> children) {
        Map<Integer, List<SessionView.Child>> byPhase = new HashMap<>();
        for (SessionView.Child c : children) {
            byPhase.computeIfAbsent(c.phase(), k -> new ArrayList<>()).add(c);
        }
        List<Phase> out = new ArrayList<>();
        for (SessionPass.PhaseResult p : result.phases()) {
            out.add(new Phase(p.index(), p.promptNumber(), p.prompt(), label(p), p.start(), p.end(), p.summary(),
                    List.copyOf(byPhase.getOrDefault(p.index(), List.of()))));
        }
        return List.copyOf(out);
    }

    /** The phase a moment falls in (a subagent whose spawning call is unknown belongs where it started). */
    private static int phaseAt(List<SessionPass.PhaseResult> phases, double t) {
        int at = 0;
        for (SessionPass.PhaseResult p : phases) {
            if (!Double.isNaN(p.start()) && p.start() <= t) {
                at = p.index();
            }
        }
        return at;
    }

    /** The prompt's first line; else the tool the phase used most; else {@code Phase N}. */
    static String label(SessionPass.PhaseResult p) {
        if (p.prompt() != null && !p.prompt().isBlank()) {
            String first = p.prompt().strip();
            int nl = first.indexOf('\n');
            return Texts.oneLine(nl < 0 ? first : first.substring(0, nl));
        }
        Summary.ToolStats top = null;
        for (Summary.ToolStats t : p.summary().tools()) {
            if (top == null || t.calls() > top.calls()) {
                top = t;
            }
        }
        if (top != null && top.calls() > 0) {
            return McpToolName.display(top.name());
        }
        return "Phase " + (p.index() + 1);
    }
}
