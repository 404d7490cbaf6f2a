package io.github.agentstrace.receive;

import io.github.agentstrace.model.TraceEvent;
import java.util.List;

/**
 * One fact of a session, as the receiver learned it from a log record or a span: a tool call, its outcome, an
 * LLM turn, a prompt, a response. {@code events} have ids derived from the session and {@code key}, so the same
 * fact reported twice (by a log and a span, or by a retried export) has the same first event id and is written
 * once.
 *
 * @param session where it goes
 * @param key     what it is, e.g. {@code call:<tool_use_id>}, {@code turn:<request_id>}
 * @param trace   the trace of the span it came from, null for a log record
 * @param events  one or more events, written together
 */
record Fact(SessionOrigin session, String key, String trace, List<TraceEvent> events) {
    /** When it happened: its first event's time. */
    double time() {
        return events.get(0).timestamp();
    }
}
