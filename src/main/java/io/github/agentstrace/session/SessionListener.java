package io.github.agentstrace.session;

import io.github.agentstrace.model.SessionMeta;

/** Receives a session as the model reads it. All methods do nothing by default. */
public interface SessionListener {
    /** Nobody listens. */
    SessionListener NONE = new SessionListener() {
    };

    /** A session's reading starts ({@code depth} 0 for the session asked for, 1 for its subagents...). */
    default void begin(SessionMeta meta, int depth) {
    }

    /** One event, resolved; or, after the last event, a call or turn that was never answered. */
    default void step(Step step) {
    }

    /** A session's reading ends, with its facts. */
    default void end(SessionMeta meta, Summary summary) {
    }
}
