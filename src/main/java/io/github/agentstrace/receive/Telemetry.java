package io.github.agentstrace.receive;

import java.util.List;

/**
 * One decoded export request: the log records of a logs request, the spans of a traces request, or the number
 * of data points of a metrics request (metrics are accepted and counted, never turned into events).
 */
record Telemetry(Signal signal, List<ReceivedLog> logs, List<ReceivedSpan> spans, long dataPoints) {

    /** How many items the request carried, in the unit its {@code partial_success} counts. */
    long items() {
        return switch (signal) {
            case LOGS -> logs.size();
            case TRACES -> spans.size();
            case METRICS -> dataPoints;
        };
    }
}
