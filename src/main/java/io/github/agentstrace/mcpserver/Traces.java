package io.github.agentstrace.mcpserver;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.DataError;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.store.TraceStore;
import java.util.function.Consumer;

/**
 * What the server reads: one trace directory, the price table, the clock (for ages such as {@code since:
 * "24h"} and the durations of sessions still running) and where warnings about unreadable lines go. Shared
 * by every request; each tool call makes its own {@link Reading}, so calls may run on several threads.
 *
 * @param store    the trace directory
 * @param prices   the price table
 * @param clock    now
 * @param warnings skipped lines, unreadable sessions (stderr in the command)
 */
public record Traces(TraceStore store, PriceTable prices, Clock clock, Consumer<String> warnings) {

    /** A fresh reading of the directory (it lists the sessions once). */
    Reading reading() {
        return Reading.of(store, prices, warnings);
    }

    /** An id or unique prefix as an exact id; null or absent means the latest top-level session. */
    String resolve(String idOrPrefix) {
        try {
            return store.resolve(idOrPrefix, warnings);
        } catch (DataError e) {
            throw new DataError(e.getMessage() + " (list_sessions shows the sessions there are)", e);
        }
    }

    /** Now, in epoch seconds (the trace format's timestamps). */
    double nowSeconds() {
        return clock.epochSeconds();
    }
}
