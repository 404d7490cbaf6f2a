package io.github.agentstrace.session;

import io.github.agentstrace.model.Usage;

/**
 * One LLM turn: a request and its response (either may be missing from the record).
 *
 * @param sessionId  the session it belongs to
 * @param number     the event number of the request, else of the response
 * @param model      the model, by the one rule of {@link ModelRule}; null when nothing names one
 * @param usage      the tokens recorded for it, or null when none were (not the same as zero)
 * @param costUsd    its price from the price table, or null when there is no usage or the model is unknown
 * @param start      when it started, epoch seconds
 * @param durationMs how long it took, null when unknown
 * @param outcome    ok, failed, interrupted or pending
 * @param failure    the failure's words for a failed response
 * @param phase      the index of the phase it belongs to
 * @param totalOnly  its usage is a total without the split between input and output (counted, never priced)
 */
public record Turn(String sessionId, long number, String model, Usage usage, Double costUsd, double start,
                   Double durationMs, Outcome outcome, Failure failure, int phase, boolean totalOnly) {

    /** True when the turn carries real usage figures. */
    public boolean hasUsage() {
        return usage != null;
    }

    /** True when it has usage but no price (a model the price table does not know). */
    public boolean unpriced() {
        return usage != null && costUsd == null;
    }
}
