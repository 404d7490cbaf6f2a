package io.github.agentstrace.store;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A writer process for {@link StoreConcurrencyTest}: {@code AppendMain ROOT SESSION WORKER COUNT THREADS}
 * appends COUNT events per thread. Even-numbered threads share one writer, odd ones have their own, so
 * both the writer's monitor and the file lock are exercised. Event kinds cycle through tool_call,
 * llm_request, error and tool_result; lines are up to ~20 KB, far beyond any atomic-write size.
 */
public final class AppendMain {
    private AppendMain() {
    }

    static final EventType[] CYCLE = {EventType.TOOL_CALL, EventType.LLM_REQUEST, EventType.ERROR, EventType.TOOL_RESULT};

    public static void main(String[] args) throws Exception {
        TraceStore store = new TraceStore(Path.of(args[0]));
        String session = args[1];
        String worker = args[2];
        int count = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        run(store, session, worker, count, threads);
    }

    static void run(TraceStore store, String session, String worker, int count, int threads) throws Exception {
        SessionWriter shared = store.writer(session, Redactor.disabled());
        List<SessionWriter> writers = new ArrayList<>();
        writers.add(shared);
        List<Thread> running = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SessionWriter w = t % 2 == 0 ? shared : store.writer(session, Redactor.disabled());
            if (w != shared) {
                writers.add(w);
            }
            String name = worker + "-t" + t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < count; i++) {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("worker", name);
                    data.put("seq", i);
                    data.put("pad", "é".repeat((i % 7) * 3000) + "|end");
                    w.append(TraceEvent.of(CYCLE[i % CYCLE.length], 1795477017.5 + i, null, session, null, null, data));
                }
            });
            th.setUncaughtExceptionHandler((x, e) -> {
                synchronized (failures) {
                    failures.add(e);
                }
            });
            th.start();
            running.add(th);
        }
        for (Thread th : running) {
            th.join();
        }
        for (SessionWriter w : writers) {
            w.close();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("append failed", failures.get(0));
        }
    }
}
