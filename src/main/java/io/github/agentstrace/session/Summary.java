package io.github.agentstrace.session;

import io.github.agentstrace.model.Usage;
import java.util.List;
import java.util.Map;

/**
 * The facts of a session (or of a session tree, or of one phase), worked out in one streaming pass. Every
 * report that shows counts, tokens or cost takes them from here, so they agree.
 *
 * <p>Definitions: {@code toolCalls} counts {@code tool_call} events. {@code errors} counts failures once
 * each: failed calls (answered with an error event, an error result or a non-zero exit code, including
 * answers whose call was not recorded), failed LLM turns, and error events that answer nothing.
 * Interrupted and pending calls are counted apart. {@code usage} sums the turns that recorded usage;
 * {@code costUsd} prices the turns whose model the price table knows. Lists are bounded (their
 * {@code ...Omitted} counts say how much was left out) so that a summary stays small whatever the session.
 *
 * @param sessions         the sessions counted (one, or a tree)
 * @param events           events read
 * @param toolCalls        {@code tool_call} events
 * @param answers          answers to tool calls (results and errors that answer a call)
 * @param unmatched        answers whose call was never recorded
 * @param turns            LLM turns
 * @param prompts          user prompts
 * @param errors           failures, counted once each (see above)
 * @param errorEvents      {@code error} events, whatever they answer
 * @param interrupted      calls interrupted (answered so, or never answered in a session that is over)
 * @param pending          calls and turns not answered yet in a session still being recorded
 * @param retries          calls that repeat a failed call
 * @param retriedMs        time spent in failed calls that were then done again
 * @param usage            tokens of every turn that recorded usage
 * @param costUsd          dollars of the priced turns
 * @param turnsWithUsage   turns that recorded usage
 * @param unpricedTurns    turns with usage whose model has no price
 * @param unpricedModels   those models ({@code (unknown model)} when none was named)
 * @param models           per model: turns, usage, cost
 * @param tools            per tool: calls, errors and durations, in first-seen order
 * @param failures         the first failures with their text
 * @param failuresOmitted  failures beyond the list
 * @param files            files read, written and edited
 * @param commands         the first shell commands run
 * @param commandsOmitted  commands beyond the list
 * @param slowest          the slowest calls, slowest first
 * @param timing           start, end, active time and idle gaps
 * @param lastFailed       the last call to finish failed, and no call succeeded after the last failure
 */
public record Summary(List<String> sessions, long events, long toolCalls, long answers, long unmatched, long turns,
                      long prompts, long errors, long errorEvents, long interrupted, long pending, long retries,
                      double retriedMs, Usage usage, double costUsd, long turnsWithUsage, long unpricedTurns,
                      List<String> unpricedModels, Map<String, ModelCost> models, List<ToolStats> tools,
                      List<FailureEntry> failures, long failuresOmitted, Files files, List<CommandRun> commands,
                      long commandsOmitted, List<Call> slowest, Timing timing, boolean lastFailed) {

    /** The same facts with other timing (a tree's time is its root session's). */
    public Summary withTiming(Timing t) {
        return new Summary(sessions, events, toolCalls, answers, unmatched, turns, prompts, errors, errorEvents,
                interrupted, pending, retries, retriedMs, usage, costUsd, turnsWithUsage, unpricedTurns, unpricedModels, models,
                tools, failures, failuresOmitted, files, commands, commandsOmitted, slowest, t, lastFailed);
    }

    /** Tokens of every turn with usage: input, output, cache read and cache write. */
    public long tokens() {
        return usage.total();
    }

    /** Per model. {@code priced} is false when the price table does not know the model. */
    public record ModelCost(String model, long turns, Usage usage, double costUsd, boolean priced) {
    }

    /**
     * Per tool. Durations are those of calls that got an answer (failures included); percentiles are
     * nearest-rank; NaN when no call was timed.
     */
    public record ToolStats(String name, long calls, long errors, long timed, double totalMs, double avgMs,
                            double p50Ms, double p95Ms, double maxMs) {
    }

    /** One failure: where, which tool (or null), its short label and its text. */
    public record FailureEntry(String sessionId, long number, double timestamp, String tool, String label,
                               String message) {
    }

    /** One shell command: the call's event number, the command, its program, outcome and retry mark. */
    public record CommandRun(String sessionId, long number, String command, String program, Outcome outcome,
                             boolean retry) {
    }

    /**
     * Distinct files in the order first touched; each list is bounded, the counts are not.
     *
     * @param read    files read
     * @param written files created or replaced
     * @param edited  files changed in part
     */
    public record Files(List<String> read, long readCount, List<String> written, long writtenCount,
                        List<String> edited, long editedCount) {
        /** Distinct files touched in any way (a file both read and edited counts once), bounded by the lists. */
        public long touched() {
            java.util.Set<String> all = new java.util.HashSet<>(read);
            all.addAll(written);
            all.addAll(edited);
            long beyond = Math.max(0, readCount - read.size()) + Math.max(0, writtenCount - written.size())
                    + Math.max(0, editedCount - edited.size());
            return all.size() + beyond;
        }
    }

    /**
     * When things happened. Idle gaps are stretches with nothing in flight that ended at a user prompt
     * (the agent was waiting for its user) or lasted at least {@link Tally#IDLE_SECONDS} seconds.
     *
     * @param start      the first event (or meta's start, when earlier), epoch seconds; NaN without events
     * @param end        the last event (or meta's end, when later)
     * @param spanMs     end minus start
     * @param activeMs   the span without the idle gaps
     * @param gaps       the longest idle gaps, longest first
     */
    public record Timing(double start, double end, double spanMs, double activeMs, List<Gap> gaps) {
        public double idleMs() {
            return spanMs - activeMs;
        }
    }

    /** An idle gap: from the event before it to the event after it. */
    public record Gap(double start, double end, long afterNumber) {
        public double ms() {
            return (end - start) * 1000.0;
        }
    }
}
