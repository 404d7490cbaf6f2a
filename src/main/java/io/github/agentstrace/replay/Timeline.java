package io.github.agentstrace.replay;

import io.github.agentstrace.model.TraceEvent;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A session's events turned into timeline text, one event at a time: pairs results with their calls
 * (durations, tool names), applies the filter, and prints. Not thread-safe; {@link LivePrinter} locks.
 */
final class Timeline {
    private final PrintStream out;
    private final EventFormatter formatter;
    private final EventFilter filter;
    private final String prefix;
    private final Pairing pairing = new Pairing();
    private final StringBuilder buffer = new StringBuilder(512);
    private final Pacer pacer;
    private double base = Double.NaN;
    private long shown;
    private boolean interrupted;

    Timeline(PrintStream out, EventFormatter formatter, EventFilter filter, String prefix) {
        this(out, formatter, filter, prefix, null);
    }

    /** With a pacer, each shown event waits for its recorded time and is flushed at once. */
    Timeline(PrintStream out, EventFormatter formatter, EventFilter filter, String prefix, Pacer pacer) {
        this.out = out;
        this.formatter = formatter;
        this.filter = filter;
        this.prefix = prefix;
        this.pacer = pacer;
    }

    private int checks;

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

    /** Pairs, filters and prints one event. Returns true when it was printed. */
    boolean accept(TraceEvent e) {
        if (Double.isNaN(base)) {
            base = e.timestamp();
        }
        EventFormatter.Resolved r = resolve(e);
        if (!filter.accepts(e, r.toolName(), r.outcome().failed())) {
            return false;
        }
        if (pacer != null && !pacer.await(e.timestamp())) {
            interrupted = true;
            return false;
        }
        buffer.setLength(0);
        formatter.format(e, r, base, prefix, buffer);
        out.append(buffer);
        if (pacer != null) {
            out.flush();
        }
        shown++;
        return true;
    }

    /** Lists calls that never got an answer (shown only when the filter shows their calls). */
    void finish() {
        buffer.setLength(0);
        for (Pairing.Call c : pairing.open()) {
            Map<String, Object> data = new LinkedHashMap<>();
            if (c.toolName() != null) {
                data.put("tool_name", c.toolName());
            }
            TraceEvent probe = new TraceEvent(c.type(), c.timestamp(), c.key(), null, null, null, data);
            if (filter.accepts(probe, c.toolName(), false)) {
                formatter.formatPending(c.type(), c.toolName(), c.timestamp(), base, prefix, buffer);
            }
        }
        out.append(buffer);
    }

    EventFormatter.Resolved resolve(TraceEvent e) {
        return pairing.resolve(e);
    }
}
