package io.github.agentstrace.receive;

/** The three OTLP signals, with their path and what their {@code partial_success} counts. */
enum Signal {
    LOGS("/v1/logs", "rejectedLogRecords"),
    TRACES("/v1/traces", "rejectedSpans"),
    METRICS("/v1/metrics", "rejectedDataPoints");

    private final String path;
    private final String rejectedField;

    Signal(String path, String rejectedField) {
        this.path = path;
        this.rejectedField = rejectedField;
    }

    String path() {
        return path;
    }

    /** The JSON name of the partial success counter; its protobuf field number is 1 for every signal. */
    String rejectedField() {
        return rejectedField;
    }

    /** The signal served at {@code path}, or null. */
    static Signal at(String path) {
        for (Signal s : values()) {
            if (s.path.equals(path)) {
                return s;
            }
        }
        return null;
    }
}
