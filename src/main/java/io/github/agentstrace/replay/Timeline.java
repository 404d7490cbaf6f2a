package io.github.agentstrace.replay;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import java.io.PrintStream;

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
    private double base = Double.NaN;
    private long shown;

    Timeline(PrintStream out, EventFormatter formatter, EventFilter filter, String prefix) {
        this.out = out;
        this.formatter = formatter;
        this.filter = filter;
        this.prefix = prefix;
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
        buffer.setLength(0);
        formatter.format(e, r, base, prefix, buffer);
        out.append(buffer);
        shown++;
        return true;
    }

    /** Lists calls that never got an answer (shown only when the filter shows their calls). */
    void finish() {
        buffer.setLength(0);
        for (Pairing.Call c : pairing.open()) {
            TraceEvent probe = new TraceEvent(c.type(), c.timestamp(), c.key(), null, null, null,
                    c.toolName() == null ? null : new java.util.LinkedHashMap<>(java.util.Map.of("tool_name", c.toolName())));
            if (filter.accepts(probe, c.toolName(), false)) {
                formatter.formatPending(c.type(), c.toolName(), c.timestamp(), base, prefix, buffer);
            }
        }
        out.append(buffer);
    }

    int pendingCount() {
        return pairing.open().size();
    }

    EventFormatter.Resolved resolve(TraceEvent e) {
        String toolName = Pairing.toolName(e);
        Double duration = e.durationMs();
        if (Pairing.opens(e)) {
            pairing.open(e);
        } else if (Pairing.answers(e)) {
            Pairing.Call call = pairing.close(e);
            if (toolName == null && call != null && call.type().equals(EventType.TOOL_CALL.wire())) {
                toolName = call.toolName();
            }
            if (duration == null && e.data().get("duration_ms") instanceof Number n) {
                duration = n.doubleValue();
            }
            if (duration == null && call != null) {
                duration = Math.max(0, (e.timestamp() - call.timestamp()) * 1000.0);
            }
        }
        return new EventFormatter.Resolved(toolName, duration, Outcome.of(e));
    }
}
