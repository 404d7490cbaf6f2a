package io.github.agentstrace.replay;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.Sleeper;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.provenance.Provenance;
import io.github.agentstrace.session.SessionTree;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code replay}: a session as a terminal timeline, streamed from its events file (memory stays flat
 * whatever the session's size), optionally paced by the recorded timing ({@code --live}), following a
 * session still being recorded ({@code --follow}), or with subagent sessions inlined under the tool call
 * that spawned them ({@code --expand-subagents}).
 */
public final class Replay {
    /**
     * The longest {@code --follow} waits between two looks at the file: a change wakes it at once where
     * the platform notifies changes, else {@link Tail} polls every 50 ms.
     */
    static final long FOLLOW_POLL_NANOS = 1_000_000_000L;

    /**
     * What to replay and how.
     *
     * @param render          line layout
     * @param filter          which events to show
     * @param header          print the session summary first
     * @param live            pace events by their recorded timing
     * @param speed           live speed factor (1 = as recorded), &gt; 0
     * @param maxGapSeconds   longest wait between two events in live mode
     * @param follow          keep reading new events until the session's session_end
     * @param expandSubagents inline child sessions under the tool call that spawned them
     */
    public record Options(RenderOptions render, EventFilter filter, boolean header, boolean live, double speed,
                          double maxGapSeconds, boolean follow, boolean expandSubagents) {
        public Options {
            filter = filter == null ? EventFilter.all() : filter;
            render = render == null ? RenderOptions.defaults() : render;
        }
    }

    private final TraceStore store;
    private final PriceTable prices;
    private final PrintStream out;
    private final Ansi ansi;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Consumer<String> warnings;

    /**
     * @param clock   now (the duration of sessions still running) and the monotonic time {@code --live} paces by
     * @param sleeper how to wait ({@link Sleeper#system()} in production)
     */
    public Replay(TraceStore store, PriceTable prices, PrintStream out, Ansi ansi, Clock clock, Sleeper sleeper,
                  Consumer<String> warnings) {
        this.store = store;
        this.prices = prices;
        this.out = out;
        this.ansi = ansi;
        this.clock = clock;
        this.sleeper = sleeper;
        this.warnings = warnings;
    }

    /**
     * Replays one session. Returns the number of events printed. An interrupt (Ctrl-C in live or follow
     * mode) ends the replay quietly with what was printed so far.
     */
    public long run(String sessionId, Options o) {
        SessionMeta meta = store.readMeta(sessionId);
        EventFormatter formatter = new EventFormatter(ansi, o.render());
        Pacer pacer = o.live() && !o.follow() ? new Pacer(clock, sleeper, o.speed(), o.maxGapSeconds()) : null;
        try {
            if (o.follow()) {
                return follow(meta, formatter, o);
            }
            return replay(meta, formatter, pacer, o);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.flush();
            return 0;
        }
    }

    private long replay(SessionMeta meta, EventFormatter formatter, Pacer pacer, Options o) throws InterruptedException {
        try (Stream<TraceEvent> events = store.reader(meta.sessionId(), warnings).events()) {
            Iterator<TraceEvent> it = events.iterator();
            if (!it.hasNext()) {
                out.println("No events found for session " + meta.sessionId());
                return 0;
            }
            if (o.header()) {
                out.print(SessionSummary.render(meta, null, null, Provenance.read(store.sessionDir(meta.sessionId())), ansi,
                        o.render().width(), clock.epochSeconds()));
                out.println();
            }
            SessionTree tree = o.expandSubagents() ? new SessionTree(store, warnings) : null;
            Timeline timeline = new Timeline(meta, prices, out, formatter, o.filter(), "", pacer);
            long shown = walk(meta, it, timeline, formatter, pacer, o, tree, new HashSet<>(), 0);
            out.println();
            if (o.header() && timeline.summary() != null) {
                out.print(SessionSummary.totals(timeline.summary(), ansi, o.render().width()));
                out.println();
            }
            return shown;
        }
    }

    /** Prints one session's events (and, recursively, its children's); returns events printed. */
    private long walk(SessionMeta meta, Iterator<TraceEvent> it, Timeline timeline, EventFormatter formatter,
                      Pacer pacer, Options o, SessionTree tree, Set<String> seen, int depth)
            throws InterruptedException {
        seen.add(meta.sessionId());
        List<SessionMeta> children = tree == null ? List.of() : tree.children(meta.sessionId());
        Deque<SessionMeta> unlinked = new ArrayDeque<>();
        for (SessionMeta c : children) {
            if (c.parentEventId().isEmpty()) {
                unlinked.add(c);
            }
        }
        long shown = 0;
        while (it.hasNext()) {
            TraceEvent e = it.next();
            while (!unlinked.isEmpty() && unlinked.peekFirst().startedAt() < e.timestamp()) {
                shown += child(unlinked.pollFirst(), timeline, formatter, pacer, o, tree, seen, depth);
            }
            if (timeline.accept(e)) {
                shown++;
            } else if (timeline.interrupted()) {
                throw new InterruptedException();
            }
            if (timeline.outputClosed()) {
                return shown; // nobody reads any more: stop instead of formatting the rest for nothing
            }
            if (e.kind() == EventType.TOOL_CALL && e.eventId() != null) {
                for (SessionMeta c : children) {
                    if (c.parentEventId().equals(e.eventId())) {
                        shown += child(c, timeline, formatter, pacer, o, tree, seen, depth);
                    }
                }
            }
        }
        // Children started after the last event, and children whose spawning call is not in the file.
        for (SessionMeta c : children) {
            if (!seen.contains(c.sessionId())) {
                shown += child(c, timeline, formatter, pacer, o, tree, seen, depth);
            }
        }
        timeline.finish();
        return shown;
    }

    private long child(SessionMeta c, Timeline parent, EventFormatter formatter, Pacer pacer, Options o,
                       SessionTree tree, Set<String> seen, int depth) throws InterruptedException {
        if (seen.contains(c.sessionId()) || depth + 1 > SessionTree.MAX_DEPTH) {
            warnings.accept("not expanding subagent " + c.sessionId() + " (nested too deep or cyclic)");
            return 0;
        }
        String prefix = parent.prefix();
        parent.flush();
        out.println(new Line().add(Ansi.GRAY, prefix + "┌─").word(Ansi.BOLD, "subagent")
                .word("", c.sessionId())
                .word(Ansi.DIM, c.agentName().isEmpty() ? null : "agent=" + c.agentName())
                .word(Ansi.DIM, "depth=" + Math.max(c.depth(), depth + 1))
                .render(ansi, o.render().width()));
        Timeline timeline = new Timeline(c, prices, out, formatter, o.filter(), prefix + "│  ", pacer);
        timeline.base(parent.base());
        long shown;
        try (Stream<TraceEvent> events = store.reader(c.sessionId(), warnings).events()) {
            shown = walk(c, events.iterator(), timeline, formatter, pacer, o, tree, seen, depth + 1);
        }
        out.println(new Line().add(Ansi.GRAY, prefix + "└─").word(Ansi.DIM, "end of subagent " + c.sessionId())
                .render(ansi, o.render().width()));
        return shown;
    }

    private long follow(SessionMeta meta, EventFormatter formatter, Options o) throws InterruptedException {
        if (o.header()) {
            out.print(SessionSummary.render(meta, null, null, Provenance.read(store.sessionDir(meta.sessionId())), ansi,
                        o.render().width(), clock.epochSeconds()));
            out.println();
        }
        Timeline timeline = new Timeline(meta, prices, out, formatter, o.filter(), "");
        boolean[] ended = {false};
        try (Tail tail = Tail.watching(store.eventsFile(meta.sessionId()), sleeper)) {
            while (true) {
                tail.poll(e -> {
                    if (ended[0]) {
                        return;
                    }
                    timeline.accept(e);
                    if (e.kind() == EventType.SESSION_END) {
                        ended[0] = true;
                    }
                }, w -> {
                    if (!ended[0]) {
                        warnings.accept(w);
                    }
                });
                // checkError flushes, and tells when the reader went away (replay -f | head).
                if (out.checkError() || ended[0]) {
                    break;
                }
                tail.await(FOLLOW_POLL_NANOS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + store.eventsFile(meta.sessionId()) + ": " + e.getMessage(), e);
        }
        timeline.finish();
        out.println();
        if (o.header()) {
            out.print(SessionSummary.totals(timeline.summary(), ansi, o.render().width()));
            out.println();
        }
        return timeline.shown();
    }
}
