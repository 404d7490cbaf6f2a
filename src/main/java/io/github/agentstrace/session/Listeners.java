package io.github.agentstrace.session;

import io.github.agentstrace.model.SessionMeta;
import java.util.List;

/** Several listeners as one, told in order. */
public final class Listeners implements SessionListener {
    private final List<SessionListener> all;

    private Listeners(List<SessionListener> all) {
        this.all = all;
    }

    public static SessionListener of(SessionListener... listeners) {
        return new Listeners(List.of(listeners));
    }

    @Override
    public void begin(SessionMeta meta, int depth) {
        for (SessionListener l : all) {
            l.begin(meta, depth);
        }
    }

    @Override
    public void step(Step step) {
        for (SessionListener l : all) {
            l.step(step);
        }
    }

    @Override
    public void end(SessionMeta meta, Summary summary) {
        for (SessionListener l : all) {
            l.end(meta, summary);
        }
    }
}
