package io.github.agentstrace.session;

/** What became of a tool call or an LLM request. */
public enum Outcome {
    /** Answered, and the answer reports no failure. */
    OK("ok"),
    /** Answered with a failure: an error event, an error result, a non-zero exit code. */
    FAILED("failed"),
    /** Stopped: answered as interrupted, or never answered in a session that is over (ended or its recorder gone). */
    INTERRUPTED("interrupted"),
    /** Not answered yet, in a session still being recorded. */
    PENDING("pending");

    private final String word;

    Outcome(String word) {
        this.word = word;
    }

    /** The lower-case word used in JSON and text output. */
    public String word() {
        return word;
    }

    static Outcome of(Failure f) {
        return !f.failed() ? OK : f.interrupted() ? INTERRUPTED : FAILED;
    }
}
