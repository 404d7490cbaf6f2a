package io.github.agentstrace.hook;

import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How hook events reach a session's {@link SessionWriter}. A hook process opens one per event and closes it,
 * which merges the event's counts into meta.json at once ({@link #PER_EVENT}). The resident recorder keeps
 * one open per session ({@link Kept}) and merges counts from {@link Kept#flush}, about once a second, as the
 * proxies' long-lived writers do: replacing meta.json is the slowest step of recording an event (a rename
 * over an existing file makes ext4 write the new file's data first), and per event it would be most of a
 * POST's time. The events themselves are written at once either way.
 */
interface SessionWriters {
    /** A writer for the session, to append with and then hand back to {@link #release}. */
    SessionWriter open(TraceStore store, String sid, Redactor redactor);

    /** Done with a writer from {@link #open}. */
    void release(SessionWriter writer);

    /** One writer per event, closed (and its counts merged) at once: a hook process. */
    SessionWriters PER_EVENT = new SessionWriters() {
        @Override
        public SessionWriter open(TraceStore store, String sid, Redactor redactor) {
            return store.writer(sid, redactor);
        }

        @Override
        public void release(SessionWriter writer) {
            writer.close();
        }
    };

    /** Writers kept open per session, for the resident recorder; thread-safe. */
    final class Kept implements SessionWriters {
        private record Key(Path root, String sid) {
        }

        private record Entry(SessionWriter writer, long[] lastUse) {
        }

        private final Map<Key, Entry> open = new ConcurrentHashMap<>();

        @Override
        public SessionWriter open(TraceStore store, String sid, Redactor redactor) {
            Entry e = open.computeIfAbsent(new Key(store.root(), sid),
                    k -> new Entry(store.writer(sid, redactor), new long[1]));
            e.lastUse()[0] = System.nanoTime();
            return e.writer();
        }

        @Override
        public void release(SessionWriter writer) {
            // kept: counts are merged by flush
        }

        /**
         * Merges the counts of every kept writer into its meta.json, and closes the writers unused for
         * {@code idleNanos} (all of them with 0). Never throws: a session that cannot be flushed loses
         * its counts, never its events.
         */
        void flush(long idleNanos) {
            long now = System.nanoTime();
            for (Iterator<Map.Entry<Key, Entry>> it = open.entrySet().iterator(); it.hasNext(); ) {
                Entry e = it.next().getValue();
                try {
                    if (now - e.lastUse()[0] >= idleNanos) {
                        it.remove();
                        e.writer().close();
                    } else {
                        e.writer().flushMetaIfCounted();
                    }
                } catch (RuntimeException ignored) {
                    // the session was removed or refuses writing: its next event says so in its error log
                }
            }
        }
    }
}
