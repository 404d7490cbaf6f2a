package io.github.agentstrace.session;

/**
 * One tool call and what became of it.
 *
 * @param sessionId    the session it belongs to
 * @param number       the 1-based event number of the {@code tool_call} in its session (as {@code replay
 *                     --numbers} shows it), 0 when only its answer was recorded
 * @param answerNumber the event number of its answer, 0 when none
 * @param eventId      the call event's id, or null
 * @param tool         the tool's name ({@code ?} when nobody recorded one)
 * @param subject      what the call is about
 * @param start        when it started, epoch seconds
 * @param answeredAt   when its answer was recorded, epoch seconds; NaN when it has none
 * @param durationMs   how long it took (recorded, else the time between call and answer), null when unknown
 * @param outcome      ok, failed, interrupted or pending
 * @param failure      the failure's words (label and text) for a failed or interrupted answer, else {@link Failure#NONE}
 * @param retryOf      the event number of the failed call this one repeats (same tool and subject), 0 if none
 * @param phase        the index of the phase it belongs to (0-based)
 */
public record Call(String sessionId, long number, long answerNumber, String eventId, String tool, Subject subject,
                   double start, double answeredAt, Double durationMs, Outcome outcome, Failure failure, long retryOf, int phase) {

    /** True when this call repeats one that failed. */
    public boolean retry() {
        return retryOf > 0;
    }

    /** The failure text, or null. */
    public String error() {
        return failure.message();
    }

    /** The duration, 0 when unknown. */
    public double durationOrZero() {
        return durationMs == null ? 0 : durationMs;
    }

    /** Tool and normalised subject: what makes two calls "the same call" (retries, diff alignment). */
    public String signature() {
        String key = subject.key();
        return key.isEmpty() ? tool : tool + " " + key;
    }
}
