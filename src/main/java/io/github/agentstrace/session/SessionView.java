package io.github.agentstrace.session;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.provenance.Provenance;
import io.github.agentstrace.redact.Privacy;
import java.util.ArrayList;
import java.util.List;

/**
 * A session as the model read it: its own facts, its phases, and its subagent sessions as child views
 * linked to the calls that started them.
 *
 * @param meta     its meta.json
 * @param depth    0 for the session asked for, 1 for its subagents, ...
 * @param source   how it was recorded
 * @param status   running, ended, or interrupted (its recorder is gone without ending it)
 * @param model    the model the session names, or null
 * @param cwd      the directory the agent worked in, or null
 * @param summary  the facts of its own events
 * @param phases   its phases, in order (at least one when it has events)
 * @param children its subagent sessions, by start time
 * @param tree     the facts of it and all its subagents together
 * @param provenance its {@code provenance.json} (privacy tier, git facts), or null when it has none
 */
public record SessionView(SessionMeta meta, int depth, Source source, Status status, String model, String cwd,
                          Summary summary,
                          List<Phase> phases, List<Child> children, Summary tree, Provenance provenance) {

    /** The privacy tier the session was recorded at ({@code standard} when it recorded none). */
    public Privacy privacy() {
        return Privacy.ofStored(provenance == null ? null : provenance.privacy());
    }

    /** Whether a session is still being recorded. */
    public enum Status {
        RUNNING("running"), ENDED("ended"), INTERRUPTED("interrupted");

        private final String word;

        Status(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /**
     * A subagent session and where it came from.
     *
     * @param view          the subagent's session
     * @param spawnedBy     the event number of the call that started it in the parent, 0 when unknown
     * @param spawnEventId  that call's event id, or null when the link names none
     * @param phase         the parent's phase that call belongs to
     */
    public record Child(SessionView view, long spawnedBy, String spawnEventId, int phase) {
    }

    public String id() {
        return meta.sessionId();
    }

    /** A path as people read it: relative to the session's working directory when it lies inside it. */
    public String shortPath(String path) {
        if (cwd != null && !cwd.isEmpty() && path.startsWith(cwd) && path.length() > cwd.length()
                && path.charAt(cwd.length()) == '/') {
            return path.substring(cwd.length() + 1);
        }
        return path;
    }

    /** This session and every session below it, depth first. */
    public List<SessionView> flatten() {
        List<SessionView> all = new ArrayList<>();
        addTo(all);
        return all;
    }

    private void addTo(List<SessionView> all) {
        all.add(this);
        for (Child c : children) {
            c.view().addTo(all);
        }
    }
}
