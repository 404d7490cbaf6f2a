package io.github.agentstrace.analysis;

import io.github.agentstrace.session.SessionTree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A {@link Search} over many sessions with a few threads (a scan is CPU-bound and sessions are independent),
 * handing the hits on in session order on the caller's thread: the hits of a session come once every earlier
 * session is done, as soon as they are found. Memory stays bounded: at most {@code 2 × threads} sessions are
 * in flight, and each holds at most {@value #QUEUE} hits waiting; a thread whose queue is full waits. Hits go
 * from a thread to the caller {@value #BATCH} at a time (and at the end of each session): one hand-over, and
 * perhaps one wake-up of the caller, per hit made a common word's search markedly dearer.
 */
public final class SearchRun {
    /** Hits a session may hold ahead of the one being handed on. */
    static final int QUEUE = 1024;
    /** Hits handed over at once. */
    static final int BATCH = 64;
    /** How long a waiting worker sleeps before it looks whether the search was stopped. */
    private static final long POLL_MS = 50;

    /**
     * One session to search.
     *
     * @param sessionId the session
     * @param topId     the session its subagents count with (itself for a top-level session, or when flat)
     * @param traceDir  its trace directory
     * @param events    its events file
     */
    public record Target(String sessionId, String topId, Path traceDir, Path events) {

        /** The sessions to search for a selection: each selected session, followed by its subagents. */
        public static List<Target> of(List<Selection.Item> items) {
            List<Target> targets = new ArrayList<>();
            for (Selection.Item item : items) {
                for (SessionTree.Node n : item.node().flatten()) {
                    String id = n.meta().sessionId();
                    targets.add(new Target(id, item.id(), item.dir().path(), item.dir().store().eventsFile(id)));
                }
            }
            return targets;
        }
    }

    /** A session's hits on their way to the caller, and how its search ended. */
    private static final class Slot {
        final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(QUEUE / BATCH); // no array per session up front
    }

    private static final Object DONE = new Object();

    private SearchRun() {
    }

    /**
     * Searches the targets in order; {@code hits} gets every hit, on this thread, and returns false to stop.
     *
     * @param threads how many sessions are scanned at once (1: all on this thread)
     * @return false when {@code hits} asked to stop
     */
    public static boolean run(SearchQuery query, List<Target> targets, int threads, Predicate<Search.Hit> hits)
            throws IOException {
        return run(query, targets, threads, true, hits);
    }

    /**
     * {@link #run(SearchQuery, List, int, Predicate)}, with hits that carry no snippet when {@code snippets} is
     * false (for a count: see {@link Search#Search(SearchQuery, boolean)}).
     */
    public static boolean run(SearchQuery query, List<Target> targets, int threads, boolean snippets,
                              Predicate<Search.Hit> hits) throws IOException {
        if (threads <= 1 || targets.size() <= 1) {
            Search search = new Search(query, snippets);
            for (Target t : targets) {
                if (!search.session(t.sessionId(), t.topId(), t.traceDir(), t.events(), hits)) {
                    return false;
                }
            }
            return true;
        }
        int n = Math.min(threads, targets.size());
        List<Slot> slots = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            slots.add(new Slot());
        }
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Semaphore window = new Semaphore(2 * n);
        List<Thread> workers = new ArrayList<>(n);
        for (int w = 0; w < n; w++) {
            Thread t = new Thread(() -> work(query, snippets, targets, slots, next, stop, window), "search-" + w);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        try {
            for (Slot slot : slots) {
                while (true) {
                    Object o = slot.queue.take();
                    if (o == DONE) {
                        break;
                    }
                    if (o instanceof IOException e) {
                        throw e;
                    }
                    if (o instanceof RuntimeException e) {
                        throw e;
                    }
                    if (o instanceof Error e) {
                        throw e;
                    }
                    for (Object hit : (List<?>) o) {
                        if (!hits.test((Search.Hit) hit)) {
                            return false;
                        }
                    }
                }
                window.release();
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("search interrupted", e);
        } finally {
            stop.set(true);
            for (Thread t : workers) {
                t.interrupt();
            }
        }
    }

    private static void work(SearchQuery query, boolean snippets, List<Target> targets, List<Slot> slots,
                             AtomicInteger next, AtomicBoolean stop, Semaphore window) {
        Search search = new Search(query, snippets);
        try {
            while (!stop.get()) {
                window.acquire(); // no further ahead of the caller than the window
                int i = next.getAndIncrement();
                if (i >= targets.size()) {
                    window.release();
                    return;
                }
                Target t = targets.get(i);
                BlockingQueue<Object> q = slots.get(i).queue;
                Object end = DONE;
                List<List<Search.Hit>> batch = new ArrayList<>(List.of(new ArrayList<>(BATCH)));
                try {
                    search.session(t.sessionId(), t.topId(), t.traceDir(), t.events(), hit -> {
                        List<Search.Hit> b = batch.get(0);
                        b.add(hit);
                        if (b.size() < BATCH) {
                            return !stop.get();
                        }
                        batch.set(0, new ArrayList<>(BATCH));
                        return put(q, b, stop);
                    });
                } catch (IOException | RuntimeException | Error e) {
                    end = e; // handed to the caller in its turn, after the hits found before
                }
                if (!batch.get(0).isEmpty() && !put(q, batch.get(0), stop)) {
                    return;
                }
                if (end != DONE && !put(q, end, stop)) {
                    return;
                }
                if (!put(q, DONE, stop)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // stopped by the caller
        }
    }

    /** Queues an item, waiting while the queue is full; false when the search was stopped meanwhile. */
    private static boolean put(BlockingQueue<Object> q, Object item, AtomicBoolean stop) {
        try {
            while (!q.offer(item, POLL_MS, TimeUnit.MILLISECONDS)) {
                if (stop.get()) {
                    return false;
                }
            }
            return !stop.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
