package io.github.agentstrace.store;

/**
 * Whether a session's long-lived recorder ({@code record}, {@code record-http}, the Java API) is still
 * there, as {@link TraceStore#recorder(String)} finds it. A reader combines it with {@code ended_at}: a
 * session without an end whose recorder is {@link #GONE} was interrupted (killed, crashed), not running.
 */
public enum RecorderState {
    /** A recorder process holds the session's mark now: the session is being recorded. */
    ALIVE,
    /** A recorder marked the session and no longer holds the mark: it ended, or was killed. */
    GONE,
    /** No recorder ever marked the session (hooks, imports, sessions written by the original tool). */
    NONE
}
