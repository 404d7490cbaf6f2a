package io.github.agentstrace.otlp;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.store.StoreException;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Exports sessions as OTLP traces: printed as one OTLP JSON request, or sent to a receiver in batches.
 *
 * <p>Each requested session brings its subagent sessions along (those whose meta names it as
 * {@code parent_session_id}, recursively): a tree of sessions is one trace whose id derives from the top
 * session, and a subagent's root span is a child of the tool-call span that spawned it. Events are read
 * through the store's streaming reader; memory holds one batch and the calls still waiting for a result.
 */
public final class OtlpExport {
    private static final int MAX_TREE_DEPTH = 64;

    private final OtlpSettings settings;
    private final String version;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final Limits limits;

    OtlpExport(OtlpSettings settings, String version, Sleeper sleeper, RandomGenerator random, LongSupplier nanoTime,
               Clock clock, Limits limits) {
        this.settings = settings;
        this.version = version;
        this.sleeper = sleeper;
        this.random = random;
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.limits = limits;
    }

    /** An exporter that really waits between retries. */
    public static OtlpExport create(OtlpSettings settings, String version, Clock clock) {
        return new OtlpExport(settings, version, Sleeper.REAL, new SecureRandom(), System::nanoTime, clock, Limits.DEFAULT);
    }

    /**
     * The outcome of an export.
     *
     * @param sessions  sessions exported (subagent sessions included)
     * @param spans     spans produced
     * @param accepted  spans the receiver accepted (equal to {@code spans} when printing)
     * @param rejected  spans rejected or never delivered
     * @param requests  HTTP requests that got an answer or gave up
     * @param bytes     body bytes sent (after compression), or printed
     * @param problems  what went wrong, one line each, free of header values
     */
    public record Summary(int sessions, long spans, long accepted, long rejected, int requests, long bytes,
                          List<String> problems) {
        /** True when every span was accepted. */
        public boolean ok() {
            return rejected == 0 && accepted == spans && problems.isEmpty();
        }
    }

    /** Prints the sessions as one pretty OTLP JSON request (what {@code export --format otlp} shows without an endpoint). */
    public Summary print(TraceStore store, List<String> sessionIds, Appendable out, Consumer<String> warnings) {
        Resource resource = resource();
        long[] spans = {0};
        try {
            JsonEncoding.PrettyWriter w = JsonEncoding.pretty(resource, out);
            int sessions = map(store, sessionIds, warnings, s -> {
                spans[0]++;
                try {
                    w.span(s);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            w.end();
            return new Summary(sessions, spans[0], spans[0], 0, 0, 0, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the sessions to {@link OtlpSettings#endpoint()} in batches of at most {@code maxBatchBytes}. */
    public Summary send(TraceStore store, List<String> sessionIds, Consumer<String> warnings) {
        if (settings.endpoint() == null) {
            throw new IllegalStateException("no endpoint to send to");
        }
        Encoding encoding = settings.protocol() == OtlpSettings.Protocol.HTTP_JSON ? new JsonEncoding() : new ProtobufEncoding();
        OtlpSender sender = new OtlpSender(settings, encoding, sleeper, random, nanoTime, clock, version);
        Batcher batcher = new Batcher(encoding, resource(), settings.maxBatchBytes(), sender);
        int sessions = map(store, sessionIds, warnings, batcher::add);
        batcher.flush();
        return new Summary(sessions, batcher.spans, batcher.accepted, batcher.spans - batcher.accepted,
                batcher.requests, batcher.bytes, List.copyOf(batcher.problems));
    }

    /** Collects encoded spans and sends them whenever the next one would push the body over the bound. */
    private static final class Batcher {
        private final Encoding encoding;
        private final Resource resource;
        private final long maxBytes;
        private final OtlpSender sender;
        private final List<byte[]> batch = new ArrayList<>();
        private long batchBytes;
        private long spans;
        private long accepted;
        private int requests;
        private long bytes;
        private boolean aborted;
        private final List<String> problems = new ArrayList<>();

        Batcher(Encoding encoding, Resource resource, long maxBytes, OtlpSender sender) {
            this.encoding = encoding;
            this.resource = resource;
            this.maxBytes = maxBytes;
            this.sender = sender;
        }

        void add(Span s) {
            spans++;
            if (aborted) {
                return; // counted as not delivered; the reason is already in problems
            }
            byte[] encoded = encoding.span(s);
            long after = batchBytes + encoded.length;
            if (!batch.isEmpty() && after + encoding.overhead(resource, batch.size() + 1, after) > maxBytes) {
                flush();
            }
            if (aborted) {
                return;
            }
            batch.add(encoded);
            batchBytes += encoded.length;
        }

        void flush() {
            if (batch.isEmpty() || aborted) {
                batch.clear();
                batchBytes = 0;
                return;
            }
            byte[] body = encoding.request(resource, batch);
            int count = batch.size();
            batch.clear();
            batchBytes = 0;
            OtlpSender.Outcome o = sender.send(body, count);
            requests++;
            bytes += o.wireBytes();
            if (o.accepted()) {
                accepted += count - o.rejected();
            }
            if (o.problem() != null) {
                problems.add(o.problem());
            }
            aborted = o.abort();
        }
    }

    Resource resource() {
        List<KeyValue> attrs = new ArrayList<>();
        attrs.add(new KeyValue("service.name", settings.serviceName()));
        attrs.add(new KeyValue("service.version", version));
        for (Map.Entry<String, String> e : settings.resourceAttributes().entrySet()) {
            if (!e.getKey().equals("service.version")) {
                attrs.add(new KeyValue(e.getKey(), e.getValue()));
            }
        }
        return new Resource(attrs, "agent-strace", version);
    }

    /** Maps every session of the plan; returns how many sessions were mapped. */
    int map(TraceStore store, List<String> sessionIds, Consumer<String> warnings, Consumer<Span> sink) {
        List<Planned> plan = plan(store, sessionIds, warnings);
        for (Planned p : plan) {
            SessionMapper mapper = new SessionMapper(limits, p.meta, p.traceId, p.parentSpanId, sink);
            store.reader(p.meta.sessionId(), warnings).forEach(mapper::accept);
            mapper.finish();
        }
        return plan.size();
    }

    private record Planned(SessionMeta meta, byte[] traceId, byte[] parentSpanId) {
    }

    /** The requested sessions plus their subagent descendants, each with its trace id and parent span. */
    private static List<Planned> plan(TraceStore store, List<String> sessionIds, Consumer<String> warnings) {
        Map<String, SessionMeta> all = new HashMap<>();
        Map<String, List<String>> children = new HashMap<>();
        for (SessionMeta m : store.list(warnings)) {
            all.put(m.sessionId(), m);
        }
        for (SessionMeta m : all.values()) {
            if (!m.parentSessionId().isEmpty() && all.containsKey(m.parentSessionId())) {
                children.computeIfAbsent(m.parentSessionId(), k -> new ArrayList<>()).add(m.sessionId());
            }
        }
        children.values().forEach(l -> l.sort(null));
        Map<String, SessionMeta> ordered = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String id : sessionIds) {
            Deque<String> queue = new ArrayDeque<>();
            queue.add(id);
            while (!queue.isEmpty()) {
                String s = queue.poll();
                if (!seen.add(s)) {
                    continue;
                }
                SessionMeta m = all.containsKey(s) ? all.get(s) : store.readMeta(s);
                if (m == null) {
                    throw new StoreException("Session not found: " + s);
                }
                ordered.put(s, m);
                queue.addAll(children.getOrDefault(s, List.of()));
            }
        }
        List<Planned> plan = new ArrayList<>();
        for (SessionMeta m : ordered.values()) {
            String top = m.sessionId();
            Set<String> chain = new HashSet<>();
            chain.add(top);
            for (int i = 0; i < MAX_TREE_DEPTH; i++) {
                SessionMeta cur = all.get(top);
                if (cur == null || cur.parentSessionId().isEmpty() || !all.containsKey(cur.parentSessionId())
                        || !chain.add(cur.parentSessionId())) {
                    break;
                }
                top = cur.parentSessionId();
            }
            byte[] parentSpan = null;
            if (!m.parentSessionId().isEmpty() && all.containsKey(m.parentSessionId()) && !top.equals(m.sessionId())) {
                parentSpan = m.parentEventId().isEmpty() ? SpanIds.rootSpanId(m.parentSessionId())
                        : SpanIds.eventSpanId(m.parentSessionId(), m.parentEventId());
            }
            plan.add(new Planned(m, SpanIds.traceId(top), parentSpan));
        }
        return plan;
    }
}
