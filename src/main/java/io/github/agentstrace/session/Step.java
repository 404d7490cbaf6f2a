package io.github.agentstrace.session;

import io.github.agentstrace.model.TraceEvent;

/**
 * One event of a session as the session model reads it, handed to listeners in file order.
 *
 * @param number     the event's 1-based number in its session; for the calls still open when the session's
 *                   events ran out ({@link #leftover}), the number of the call event
 * @param event      the event
 * @param tool       the tool it concerns: its own {@code tool_name}, or its call's for an answer that does not
 *                   repeat it; null for events that concern no tool
 * @param durationMs the event's duration: recorded, else {@code data.duration_ms}, else the time since its call
 * @param failure    what the event says of failure
 * @param call       the tool call this step completes (an answer, a call whose answer came first, or a
 *                   leftover), else null
 * @param turn       the LLM turn this step completes, else null
 * @param partner    the other event of the completed pair (the call of an answer, the answer of a late call),
 *                   else null
 * @param leftover   true for the synthetic steps of calls and turns never answered, after the last event
 * @param waiting    true for an answer whose call has not been read yet: a later step (the call, or a leftover)
 *                   completes it
 */
public record Step(long number, TraceEvent event, String tool, Double durationMs, Failure failure, Call call,
                   Turn turn, TraceEvent partner, boolean leftover, boolean waiting) {

    /** True for an error event that answers nothing: a failure of its own. */
    public boolean standaloneError() {
        return call == null && turn == null && !waiting && !leftover && failure.failed()
                && event.kind() == io.github.agentstrace.model.EventType.ERROR;
    }
}
