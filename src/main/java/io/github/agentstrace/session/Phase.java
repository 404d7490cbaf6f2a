package io.github.agentstrace.session;

import java.util.List;

/**
 * A part of a session opened by a user prompt (or, before the first prompt or in a session without
 * prompts, opened by the session's start).
 *
 * @param index        0-based position in the session
 * @param promptNumber the event number of the prompt that opened it, 0 for none
 * @param prompt       the prompt's text (bounded), or null
 * @param label        the prompt's first line, else the tool used most, else {@code Phase N}
 * @param start        its first event, epoch seconds
 * @param end          its last event
 * @param summary      the facts of its own events and of the calls it opened
 * @param subagents    the subagent sessions its calls started, with their own facts
 */
public record Phase(int index, long promptNumber, String prompt, String label, double start, double end,
                    Summary summary, List<SessionView.Child> subagents) {

    /** Failed: it had failures and did not get past them (its last call failed, or none succeeded after). */
    public boolean failed() {
        return summary.errors() > 0 && summary.lastFailed();
    }

    public double durationMs() {
        return Double.isNaN(start) ? 0 : Math.max(0, (end - start) * 1000.0);
    }

    /** Cost of the phase with the subagents it started. */
    public double costWithSubagents() {
        double c = summary.costUsd();
        for (SessionView.Child child : subagents) {
            c += child.view().tree().costUsd();
        }
        return c;
    }

    /** Tokens of the phase with the subagents it started. */
    public long tokensWithSubagents() {
        long t = summary.tokens();
        for (SessionView.Child child : subagents) {
            t += child.view().tree().tokens();
        }
        return t;
    }
}
