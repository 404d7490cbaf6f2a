package io.github.agentstrace.redact;

/**
 * One kind of secret finder. Detectors report where secrets are in the original text; they never rewrite it,
 * so one detector's marker can never be re-read by another and overlapping finds merge into one marker.
 */
interface Detector {
    /** The name a config file uses to switch this detector off. */
    String name();

    /**
     * Literal fragments (matched case-insensitively) at least one of which the text must contain for this
     * detector to have anything to find; empty means "always run".
     */
    String[] triggers();

    /**
     * True when every find starts where one of its triggers occurs, so {@link #findAt} at those positions
     * replaces a scan of the whole text.
     */
    default boolean anchored() {
        return false;
    }

    /** Reports every secret in {@code text} to {@code spans}. */
    void find(String text, Spans spans);

    /**
     * Reports secrets starting at the trigger positions {@code positions[from..to)} (ascending). Only called
     * when {@link #anchored()}.
     */
    default void findAt(String text, Spans spans, int[] positions, int from, int to) {
        find(text, spans);
    }
}
