package io.github.agentstrace.receive;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds the facts of a trace's spans until the trace is complete, then lets them through in time order. A
 * span is exported when it ends, so a parent comes after its children (Claude Code's interaction span, which
 * carries the prompt, comes after every call it caused) and a trace is often cut across several requests;
 * written as they come, a prompt would follow its own calls. A trace is complete when its root span (no
 * parent) has arrived; one whose root never comes (it lives in another service) is let through after
 * {@link #MAX_AGE_SECONDS}, and the oldest traces go first when more than {@link #MAX_FACTS} are held.
 * Log facts pass straight through: Claude Code numbers them itself.
 */
final class TraceHold {
    static final double MAX_AGE_SECONDS = 60;
    static final int MAX_FACTS = 10_000;

    private final Map<String, Held> held = new LinkedHashMap<>();
    private int count;

    private static final class Held {
        final double since;
        final List<Fact> facts = new ArrayList<>();

        Held(double since) {
            this.since = since;
        }
    }

    /** The facts to write now, in order, given a request's facts and the traces it completed. */
    synchronized List<Fact> admit(List<Fact> facts, Set<String> endedTraces, double now) {
        List<Fact> out = new ArrayList<>();
        for (Fact f : facts) {
            if (f.trace() == null) {
                out.add(f);
            } else {
                held.computeIfAbsent(f.trace(), t -> new Held(now)).facts.add(f);
                count++;
            }
        }
        for (String t : endedTraces) {
            release(held.remove(t), out);
        }
        for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (count > MAX_FACTS || now - h.since >= MAX_AGE_SECONDS) {
                it.remove();
                release(h, out);
            }
        }
        return out;
    }

    /** Everything still held, in order: for the receiver's stop. */
    synchronized List<Fact> drain() {
        List<Fact> out = new ArrayList<>();
        for (Held h : held.values()) {
            release(h, out);
        }
        held.clear();
        return out;
    }

    private void release(Held h, List<Fact> out) {
        if (h == null) {
            return;
        }
        count -= h.facts.size();
        List<Fact> sorted = new ArrayList<>(h.facts);
        sorted.sort(Comparator.comparingDouble(Fact::time)); // stable: equal times keep their order
        out.addAll(sorted);
    }
}
