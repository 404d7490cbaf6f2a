package io.github.agentstrace.replay;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbers about one or more sessions, accumulated while their events stream by. Per tool it keeps the
 * durations (a growable {@code double[]}, 8 bytes a call) because exact percentiles need them; the error
 * list keeps the first {@link #MAX_ERRORS} messages and counts the rest.
 */
final class SessionStats {
    static final int MAX_ERRORS = 200;

    /** Calls, errors and durations of one tool. */
    static final class ToolStats {
        final String name;
        long calls;
        long errors;
        private double[] durations = new double[4];
        private int timed;
        private boolean sorted = true;

        ToolStats(String name) {
            this.name = name;
        }

        void addDuration(double ms) {
            if (timed == durations.length) {
                durations = Arrays.copyOf(durations, timed * 2);
            }
            durations[timed++] = ms;
            sorted = false;
        }

        int timed() {
            return timed;
        }

        double total() {
            double t = 0;
            for (int i = 0; i < timed; i++) {
                t += durations[i];
            }
            return t;
        }

        double avg() {
            return timed == 0 ? Double.NaN : total() / timed;
        }

        /** Nearest-rank percentile: the smallest duration with at least p% of durations at or below it. */
        double percentile(double p) {
            if (timed == 0) {
                return Double.NaN;
            }
            if (!sorted) {
                Arrays.sort(durations, 0, timed);
                sorted = true;
            }
            int rank = (int) Math.ceil(p / 100.0 * timed);
            return durations[Math.max(0, Math.min(timed, rank) - 1)];
        }

        double max() {
            return timed == 0 ? Double.NaN : percentile(100);
        }
    }

    /** One failure: when, which tool (or null) and its message. */
    record ErrorEntry(double timestamp, String sessionId, String toolName, String message) {
    }

    final Map<String, ToolStats> tools = new LinkedHashMap<>();
    final List<ErrorEntry> errorList = new ArrayList<>();
    long events;
    long toolCalls;
    long toolResults;
    long llmRequests;
    long llmResponses;
    long errors;
    long failedResults;
    long tokens;
    long prompts;
    long pending;
    double first = Double.NaN;
    double last = Double.NaN;

    private Pairing current;

    /** Starts a new session: pairing does not cross sessions. */
    void beginSession() {
        endSession();
        current = new Pairing();
    }

    void endSession() {
        if (current != null) {
            pending += current.open().size();
            current = null;
        }
    }

    void accept(TraceEvent e) {
        if (current == null) {
            beginSession();
        }
        events++;
        if (Double.isNaN(first) || e.timestamp() < first) {
            first = e.timestamp();
        }
        if (Double.isNaN(last) || e.timestamp() > last) {
            last = e.timestamp();
        }
        EventFormatter.Resolved r = current.resolve(e);
        EventType kind = e.kind();
        if (kind == null) {
            return;
        }
        String tool = r.toolName();
        switch (kind) {
            case TOOL_CALL -> {
                toolCalls++;
                tool(tool == null ? "?" : tool).calls++;
            }
            case TOOL_RESULT, ERROR -> {
                if (kind == EventType.TOOL_RESULT) {
                    toolResults++;
                } else {
                    errors++;
                }
                ToolStats ts = tool == null ? null : tools.get(tool);
                if (ts != null && r.durationMs() != null) {
                    ts.addDuration(r.durationMs());
                }
                if (r.outcome().failed()) {
                    if (kind == EventType.TOOL_RESULT) {
                        failedResults++;
                    }
                    if (ts != null) {
                        ts.errors++;
                    }
                    addError(e, tool, r.outcome());
                }
            }
            case LLM_REQUEST -> llmRequests++;
            case LLM_RESPONSE -> {
                llmResponses++;
                tokens += EventFormatter.tokens(e.data());
                if (r.outcome().failed()) {
                    failedResults++;
                    addError(e, null, r.outcome());
                }
            }
            case USER_PROMPT -> prompts++;
            default -> {
            }
        }
    }

    private void addError(TraceEvent e, String tool, Outcome o) {
        if (errorList.size() < MAX_ERRORS) {
            String msg = o.message();
            if (msg == null || msg.isBlank()) {
                msg = EventFormatter.resultText(e.data());
            }
            if (msg.isBlank() && o.label() != null) {
                msg = o.label();
            }
            errorList.add(new ErrorEntry(e.timestamp(), e.sessionId(), tool, msg.isBlank() ? "(no message)" : msg));
        }
    }

    private ToolStats tool(String name) {
        return tools.computeIfAbsent(name, ToolStats::new);
    }

    /** Failures of every kind: error events plus failed results. */
    long failures() {
        return errors + failedResults;
    }
}
