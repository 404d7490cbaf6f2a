package io.github.agentstrace.session;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.model.Usage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Accumulates a {@link Summary} from the steps of one pass: the session's, a tree's or a phase's. Memory
 * holds one number per timed call (for exact percentiles) and bounded lists, never the events.
 */
final class Tally {
    /** A gap with nothing in flight is idle from this length on, wherever it ends. */
    static final double IDLE_SECONDS = 60;
    static final int MAX_FAILURES = 200;
    static final int MAX_COMMANDS = 200;
    static final int MAX_FILES = 500;
    static final int MAX_GAPS = 20;
    static final int SLOWEST = 5;
    /**
     * What a closed phase keeps of each list (files of each kind, commands, failures): enough for explain's
     * text and JSON, so that a session of thousands of prompts is read in flat memory. The counts stay exact.
     */
    static final int PHASE_ITEMS = 20;
    static final String UNKNOWN_MODEL = "(unknown model)";

    private final List<String> sessions = new ArrayList<>();
    private long events;
    private long toolCalls;
    private long answers;
    private long unmatched;
    private long turns;
    private long prompts;
    private long errors;
    private long errorEvents;
    private long interrupted;
    private long pending;
    private long retries;
    private double retriedMs;
    private Usage usage = Usage.ZERO;
    private double cost;
    private long turnsWithUsage;
    private long unpricedTurns;
    private final Set<String> unpricedModels = new LinkedHashSet<>();
    private final Map<String, ModelAcc> models = new LinkedHashMap<>();
    private final Map<String, ToolAcc> tools = new LinkedHashMap<>();
    private final List<Summary.FailureEntry> failures = new ArrayList<>();
    private long failuresOmitted;
    private final Paths read = new Paths();
    private final Paths written = new Paths();
    private final Paths edited = new Paths();
    private final List<Summary.CommandRun> commands = new ArrayList<>();
    private long commandsOmitted;
    private int maxCommands = MAX_COMMANDS;
    private int maxFailures = MAX_FAILURES;
    private final PriorityQueue<Call> slowest = new PriorityQueue<>(Comparator.comparingDouble(Call::durationOrZero));
    private boolean lastFailed;

    // timing
    private double start = Double.NaN;
    private double end = Double.NaN;
    private double lastTs = Double.NaN;
    private double idleMs;
    private final PriorityQueue<Summary.Gap> gaps = new PriorityQueue<>(Comparator.comparingDouble(Summary.Gap::ms));

    private static final class ModelAcc {
        long turns;
        Usage usage = Usage.ZERO;
        double cost;
        boolean priced = true;
    }

    private static final class ToolAcc {
        final String name;
        long calls;
        long errors;
        double[] durations = new double[4];
        int timed;

        ToolAcc(String name) {
            this.name = name;
        }

        void time(double ms) {
            if (timed == durations.length) {
                durations = Arrays.copyOf(durations, timed * 2);
            }
            durations[timed++] = ms;
        }

        Summary.ToolStats stats() {
            if (timed == 0) {
                return new Summary.ToolStats(name, calls, errors, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN);
            }
            double[] d = Arrays.copyOf(durations, timed);
            Arrays.sort(d);
            double total = 0;
            for (double v : d) {
                total += v;
            }
            return new Summary.ToolStats(name, calls, errors, timed, total, total / timed, rank(d, 50), rank(d, 95),
                    d[timed - 1]);
        }

        /** Nearest rank: the smallest duration with at least p% of durations at or below it. */
        private static double rank(double[] sorted, double p) {
            int r = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length, r) - 1)];
        }
    }

    /** Distinct paths in first-seen order, the list bounded, the count not (past the bound, by hash). */
    private static final class Paths {
        final Set<String> kept = new LinkedHashSet<>();
        final Set<Integer> beyond = new java.util.HashSet<>();
        int max = MAX_FILES;

        void add(String p) {
            if (kept.contains(p)) {
                return;
            }
            if (kept.size() < max) {
                kept.add(p);
            } else if (beyond.size() < 1_000_000) {
                beyond.add(p.hashCode());
            }
        }

        long count() {
            return kept.size() + beyond.size();
        }

        void narrow(int to) {
            max = to;
            java.util.Iterator<String> it = kept.iterator();
            for (int i = 0; it.hasNext(); i++) {
                String p = it.next();
                if (i >= to) {
                    beyond.add(p.hashCode());
                    it.remove();
                }
            }
        }
    }

    /** Keeps at most {@code items} of each list from now on (a closed phase: see {@link #PHASE_ITEMS}). */
    void narrow(int items) {
        read.narrow(items);
        written.narrow(items);
        edited.narrow(items);
        maxCommands = items;
        while (commands.size() > items) {
            commands.remove(commands.size() - 1);
            commandsOmitted++;
        }
        maxFailures = items;
        while (failures.size() > items) {
            failures.remove(failures.size() - 1);
            failuresOmitted++;
        }
    }

    void session(String id) {
        sessions.add(id);
    }

    /**
     * One event of the session, before it is resolved.
     *
     * @param inFlight calls and turns open just before this event
     * @param timed    whether this event's time counts (a tree's time is its root's)
     */
    void event(long number, TraceEvent e, int inFlight, boolean timed) {
        events++;
        EventType kind = e.kind();
        if (kind == EventType.TOOL_CALL) {
            toolCalls++;
        } else if (kind == EventType.USER_PROMPT) {
            prompts++;
        } else if (kind == EventType.ERROR) {
            errorEvents++;
        }
        if (!timed) {
            return;
        }
        double ts = e.timestamp();
        if (Double.isNaN(start) || ts < start) {
            start = ts;
        }
        if (!Double.isNaN(lastTs) && ts > lastTs) {
            double gap = ts - lastTs;
            if (inFlight == 0 && (gap >= IDLE_SECONDS || (kind == EventType.USER_PROMPT && gap >= 1))) {
                idleMs += gap * 1000.0;
                gaps.add(new Summary.Gap(lastTs, ts, number));
                if (gaps.size() > MAX_GAPS) {
                    gaps.poll();
                }
            }
        }
        if (Double.isNaN(lastTs) || ts > lastTs) {
            lastTs = ts;
        }
        if (Double.isNaN(end) || ts > end) {
            end = ts;
        }
    }

    /** A call whose outcome is now known (or, at the end, never will be). */
    void call(Call c) {
        if (c.number() > 0 || c.answerNumber() > 0) {
            ToolAcc t = tools.computeIfAbsent(c.tool(), ToolAcc::new);
            if (c.number() > 0) {
                t.calls++;
            } else {
                unmatched++;
            }
            if (c.answerNumber() > 0 && c.number() > 0) {
                answers++;
            }
            if (c.durationMs() != null && c.answerNumber() > 0) {
                t.time(c.durationMs());
            }
            if (c.outcome() == Outcome.FAILED) {
                t.errors++;
            }
        }
        switch (c.outcome()) {
            case FAILED -> {
                errors++;
                failure(c.sessionId(), c.answerNumber() > 0 ? c.answerNumber() : c.number(),
                        Double.isNaN(c.answeredAt()) ? c.start() : c.answeredAt(), c.tool(), c.failure());
                lastFailed = true;
            }
            case INTERRUPTED -> interrupted++;
            case PENDING -> pending++;
            case OK -> lastFailed = false;
        }
        if (c.retry()) {
            retries++;
        }
        Subject s = c.subject();
        switch (s.kind()) {
            case READ -> s.paths().forEach(read::add);
            case WRITE -> s.paths().forEach(written::add);
            case EDIT -> s.paths().forEach(edited::add);
            default -> {
            }
        }
        if (s.command() != null && c.number() > 0) {
            if (commands.size() < maxCommands) {
                commands.add(new Summary.CommandRun(c.sessionId(), c.number(), s.command(), s.program(), c.outcome(),
                        c.retry()));
            } else {
                commandsOmitted++;
            }
        }
        if (c.durationMs() != null && c.answerNumber() > 0) {
            slowest.add(c);
            if (slowest.size() > SLOWEST) {
                slowest.poll();
            }
        }
    }

    /** A failed call was done again: its time was spent for nothing. */
    void retried(double failedMs) {
        retriedMs += failedMs;
    }

    /** An LLM turn whose outcome is known. */
    void turn(Turn t) {
        turns++;
        if (t.usage() != null) {
            turnsWithUsage++;
            usage = usage.plus(t.usage());
            String model = t.model() == null ? UNKNOWN_MODEL : t.model();
            ModelAcc m = models.computeIfAbsent(model, k -> new ModelAcc());
            m.turns++;
            m.usage = m.usage.plus(t.usage());
            if (t.costUsd() != null) {
                cost += t.costUsd();
                m.cost += t.costUsd();
            } else {
                unpricedTurns++;
                m.priced = false;
                if (!t.totalOnly()) {
                    unpricedModels.add(model); // the price table does not know it (a bare total is never priced)
                }
            }
        }
        switch (t.outcome()) {
            case FAILED -> {
                errors++;
                failure(t.sessionId(), t.number(), t.start(), null, t.failure());
            }
            case INTERRUPTED -> interrupted++;
            case PENDING -> pending++;
            default -> {
            }
        }
    }

    /** An error event that answers no call or turn. */
    void standaloneError(String sessionId, long number, TraceEvent e, String tool, Failure f) {
        errors++;
        failure(sessionId, number, e.timestamp(), tool, f);
    }

    /** A file event ({@code file_read}, {@code file_write}) names a file touched outside any tool call. */
    void fileEvent(TraceEvent e, String path) {
        if (e.kind() == EventType.FILE_READ) {
            read.add(path);
        } else {
            written.add(path);
        }
    }

    private void failure(String sessionId, long number, double ts, String tool, Failure f) {
        if (failures.size() < maxFailures) {
            String message = f.message();
            failures.add(new Summary.FailureEntry(sessionId, number, ts, tool, f.label(),
                    message == null || message.isBlank() ? (f.label() == null ? "(no message)" : f.label()) : message));
        } else {
            failuresOmitted++;
        }
    }

    Summary summary() {
        Map<String, Summary.ModelCost> byModel = new LinkedHashMap<>();
        models.forEach((name, m) -> byModel.put(name, new Summary.ModelCost(name, m.turns, m.usage, m.cost, m.priced)));
        List<Summary.ToolStats> toolStats = new ArrayList<>();
        tools.values().forEach(t -> toolStats.add(t.stats()));
        List<Call> slow = new ArrayList<>(slowest);
        slow.sort(Comparator.comparingDouble(Call::durationOrZero).reversed().thenComparingLong(Call::number));
        List<Summary.Gap> gapList = new ArrayList<>(gaps);
        gapList.sort(Comparator.comparingDouble(Summary.Gap::ms).reversed());
        double spanMs = Double.isNaN(start) ? 0 : (end - start) * 1000.0;
        Summary.Timing timing = new Summary.Timing(start, end, spanMs, Math.max(0, spanMs - idleMs), List.copyOf(gapList));
        Summary.Files files = new Summary.Files(List.copyOf(read.kept), read.count(), List.copyOf(written.kept),
                written.count(), List.copyOf(edited.kept), edited.count());
        return new Summary(List.copyOf(sessions), events, toolCalls, answers, unmatched, turns, prompts, errors,
                errorEvents, interrupted, pending, retries, retriedMs, usage, cost, turnsWithUsage, unpricedTurns,
                List.copyOf(unpricedModels), byModel, List.copyOf(toolStats), List.copyOf(failures), failuresOmitted,
                files, List.copyOf(commands), commandsOmitted, List.copyOf(slow), timing, lastFailed);
    }
}
