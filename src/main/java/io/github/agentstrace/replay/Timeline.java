package io.github.agentstrace.replay;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.session.Outcome;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.SessionPass;
import io.github.agentstrace.session.Step;
import io.github.agentstrace.session.Summary;
import java.io.PrintStream;

/**
 * A session's events turned into timeline text, one event at a time: the session model resolves each
 * event (its call, tool and duration, whether it failed), the filter decides, the formatter prints. Not
 * thread-safe; {@link LivePrinter} locks.
 */
final class Timeline implements SessionListener {
    private final PrintStream out;
    private final EventFormatter formatter;
    private final EventFilter filter;
    private final String prefix;
    private final SessionPass pass;
    private final StringBuilder buffer = new StringBuilder(512);
    private final Pacer pacer;
    /** Null when paced or followed: then lines go out as the events come. */
    private final TimeOrder order;
    private double base = Double.NaN;
    private long shown;
    private boolean interrupted;
    private boolean printed;
    private Summary summary;
    private int checks;

    /** Events as they come (following a session being recorded): printed in arrival order. */
    Timeline(SessionMeta meta, PriceTable prices, PrintStream out, EventFormatter formatter, EventFilter filter,
             String prefix) {
        this(meta, prices, out, formatter, filter, prefix, null, false);
    }

    /**
     * A whole session read from its file: each shown event waits for its recorded time and is flushed at once
     * with a pacer; without one, turns read back from the transcript are put back at their time
     * ({@link TimeOrder}).
     */
    Timeline(SessionMeta meta, PriceTable prices, PrintStream out, EventFormatter formatter, EventFilter filter,
             String prefix, Pacer pacer) {
        this(meta, prices, out, formatter, filter, prefix, pacer, pacer == null);
    }

    private Timeline(SessionMeta meta, PriceTable prices, PrintStream out, EventFormatter formatter,
                     EventFilter filter, String prefix, Pacer pacer, boolean ordered) {
        this.out = out;
        this.formatter = formatter;
        this.filter = filter;
        this.prefix = prefix;
        this.pacer = pacer;
        this.order = ordered ? new TimeOrder(out) : null;
        this.pass = SessionPass.of(meta, 0, prices, this);
    }

    /**
     * True when the output can no longer be written (a closed pipe: {@code replay | head}). Checked
     * every few thousand events, since checking flushes.
     */
    boolean outputClosed() {
        return (++checks & 4095) == 0 && out.checkError();
    }

    String prefix() {
        return prefix;
    }

    /** True once a live wait was interrupted: the caller should stop. */
    boolean interrupted() {
        return interrupted;
    }

    /** Sets the time origin; without one, the first event seen sets it. */
    void base(double seconds) {
        this.base = seconds;
    }

    double base() {
        return base;
    }

    long shown() {
        return shown;
    }

    /** Resolves, filters and prints one event. Returns true when it was printed. */
    boolean accept(TraceEvent e) {
        if (Double.isNaN(base)) {
            base = e.timestamp();
        }
        printed = false;
        pass.accept(e);
        return printed;
    }

    @Override
    public void step(Step s) {
        if (interrupted) {
            return;
        }
        if (s.leftover()) {
            leftover(s);
            return;
        }
        if (order != null) {
            order.see(s.event());
        }
        if (!filter.accepts(s.event(), s.tool(), s.failure().failed())) {
            return;
        }
        if (pacer != null && !pacer.await(s.event().timestamp())) {
            interrupted = true;
            return;
        }
        buffer.setLength(0);
        formatter.format(s, base, prefix, buffer);
        if (order != null) {
            order.add(s.event(), buffer);
        } else {
            out.append(buffer);
        }
        if (pacer != null) {
            out.flush();
        }
        shown++;
        printed = true;
    }

    /** A call or turn never answered: listed after the session's events (when the filter shows its call). */
    private void leftover(Step s) {
        // Leftovers are either calls never answered (their call event) or answers whose call never came,
        // which were printed in their place already.
        EventType kind = s.event().kind();
        boolean neverAnswered = kind == EventType.TOOL_CALL || kind == EventType.LLM_REQUEST;
        if (!neverAnswered || !filter.accepts(s.event(), s.tool(), false)) {
            return;
        }
        Outcome outcome = s.call() != null ? s.call().outcome() : s.turn().outcome();
        flush();
        buffer.setLength(0);
        formatter.formatUnanswered(s, outcome, base, prefix, buffer);
        out.append(buffer);
    }

    /** Ends the session: lists calls that never got an answer. */
    void finish() {
        if (summary == null) {
            summary = pass.finish().summary();
        }
        flush();
    }

    /** Prints the lines held for time order, before anything else is printed (a subagent's lines). */
    void flush() {
        if (order != null) {
            order.flush();
        }
    }

    /** What the session model counted, once {@link #finish} ran; else null. */
    Summary summary() {
        return summary;
    }
}
