package io.github.agentstrace.replay;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.term.Ansi;
import java.io.PrintStream;

/**
 * Prints events as timeline lines while they are recorded ({@code record -v}), with the same formatter
 * as {@code replay}. The first event printed sets the time origin. Thread-safe: proxy threads may call
 * {@link #print} concurrently and lines never interleave.
 */
public final class LivePrinter {
    private final PrintStream out;
    private final EventFormatter formatter;
    private Timeline timeline;

    /**
     * @param out   where lines go (usually stderr: a proxy's stdout belongs to its protocol)
     * @param ansi  colour on or off
     * @param width visible columns per line; 0 or less: no limit
     */
    public LivePrinter(PrintStream out, Ansi ansi, int width) {
        this.out = out;
        this.formatter = new EventFormatter(ansi, RenderOptions.defaults().withWidth(width));
    }

    /** Prints one event as a timeline line (the first event printed sets the time origin). Thread-safe. */
    public void print(TraceEvent e) {
        synchronized (this) {
            if (timeline == null) {
                // The recorder knows its session; the printer learns it from the first event it is shown.
                SessionMeta meta = SessionMeta.start(e.sessionId() == null ? "live" : e.sessionId(), e.timestamp(),
                        "", "");
                timeline = new Timeline(meta, PriceTable.load(null), out, formatter, EventFilter.all(), "");
            }
            timeline.accept(e);
            out.flush();
        }
    }
}
