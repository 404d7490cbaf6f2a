package io.github.agentstrace.otlp;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.Sleeper;
import io.github.agentstrace.provenance.GitFacts;
import io.github.agentstrace.provenance.Provenance;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.SessionTree;
import io.github.agentstrace.session.Step;
import io.github.agentstrace.store.TraceStore;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
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
    private final OtlpSettings settings;
    private final String version;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Clock clock;
    private final Limits limits;
    private final PriceTable prices;

    OtlpExport(OtlpSettings settings, String version, Sleeper sleeper, RandomGenerator random, Clock clock,
               Limits limits, PriceTable prices) {
        this.settings = settings;
        this.version = version;
        this.sleeper = sleeper;
        this.random = random;
        this.clock = clock;
        this.limits = limits;
        this.prices = prices;
    }

    /** An exporter that really waits between retries; LLM turns are priced with {@code prices}. */
    public static OtlpExport create(OtlpSettings settings, String version, Clock clock, PriceTable prices) {
        return new OtlpExport(settings, version, Sleeper.system(), new SecureRandom(), clock,
                Limits.DEFAULT, prices);
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

    /**
     * Prints the sessions as one pretty OTLP JSON request (what {@code export --format otlp} shows without an
     * endpoint), in UTF-8; an I/O error is thrown as an {@link java.io.UncheckedIOException}.
     */
    public Summary print(TraceStore store, List<String> sessionIds, OutputStream out, Consumer<String> warnings) {
        return print(store, sessionIds, (utf8, length) -> out.write(utf8, 0, length), warnings);
    }

    /** {@link #print(TraceStore, List, OutputStream, Consumer)} as text. */
    public Summary print(TraceStore store, List<String> sessionIds, Appendable out, Consumer<String> warnings) {
        return print(store, sessionIds, (utf8, length) -> out.append(new String(utf8, 0, length, StandardCharsets.UTF_8)),
                warnings);
    }

    private Summary print(TraceStore store, List<String> sessionIds, JsonEncoding.Chunks out, Consumer<String> warnings) {
        JsonEncoding.PrettyWriter w = JsonEncoding.pretty(resource(store, sessionIds), out);
        long[] spans = {0};
        int sessions = map(store, sessionIds, warnings, w.spans(), spans);
        w.end();
        return new Summary(sessions, spans[0], spans[0], 0, 0, 0, List.of());
    }

    /**
     * Sends the sessions to {@link OtlpSettings#endpoint()} in batches of at most {@code maxBatchBytes}: each
     * batch is compressed and sent on a thread of its own while the next one is encoded.
     */
    public Summary send(TraceStore store, List<String> sessionIds, Consumer<String> warnings) {
        if (settings.endpoint() == null) {
            throw new IllegalStateException("no endpoint to send to");
        }
        Encoding encoding = settings.protocol() == OtlpSettings.Protocol.HTTP_JSON ? new JsonEncoding() : new ProtobufEncoding();
        OtlpSender sender = new OtlpSender(settings, encoding, sleeper, random, clock, version);
        ExecutorService sending = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "agent-strace otlp send");
            t.setDaemon(true); // an export that fails while mapping does not wait for a retry's back-off
            return t;
        });
        try {
            Batcher batcher = new Batcher(encoding, resource(store, sessionIds), settings.maxBatchBytes(), sender, sending);
            int sessions = map(store, sessionIds, warnings, encoding.spans(batcher), new long[1]);
            batcher.finish();
            return new Summary(sessions, batcher.spans, batcher.accepted, batcher.spans - batcher.accepted,
                    batcher.requests, batcher.bytes, List.copyOf(batcher.problems));
        } finally {
            sending.shutdownNow();
        }
    }

    /**
     * Frames encoded spans one after another into a batch buffer and, whenever the next span would push the body
     * over the bound, hands the batch to the sending thread and goes on in a second buffer. One batch is in flight
     * at a time, in order: before handing over the next, the previous one's outcome is taken, and when it says
     * later requests would fail the same way, nothing more is sent. The two buffers are reused batch after batch.
     */
    private static final class Batcher implements Encoding.SpanSink {
        private final Encoding encoding;
        private final Resource resource;
        private final long maxBytes;
        private final OtlpSender sender;
        private final ExecutorService sending;
        private final ProtoBuffer[] buffers = new ProtoBuffer[2];
        private ProtoBuffer framed;
        private Future<OtlpSender.Outcome> inFlight;
        private int inFlightSpans;
        private int count;
        private long batchBytes;
        private long spans;
        private long accepted;
        private int requests;
        private long bytes;
        private boolean aborted;
        private final List<String> problems = new ArrayList<>();

        Batcher(Encoding encoding, Resource resource, long maxBytes, OtlpSender sender, ExecutorService sending) {
            this.encoding = encoding;
            this.resource = resource;
            this.maxBytes = maxBytes;
            this.sender = sender;
            this.sending = sending;
            // Sized once for a whole batch (the usual bound is a few MiB): a buffer grown by doubling leaves a
            // trail of large arrays behind for the collector to copy and promote.
            for (int i = 0; i < buffers.length; i++) {
                buffers[i] = new ProtoBuffer((int) Math.min(maxBytes + 1024, 16L << 20));
            }
            this.framed = buffers[0];
        }

        @Override
        public void span(byte[] encoded, int length) {
            spans++;
            if (aborted) {
                return; // counted as not delivered; the reason is already in problems
            }
            long after = batchBytes + length;
            if (count > 0 && after + encoding.overhead(resource, count + 1, after) > maxBytes) {
                flush();
            }
            if (aborted) {
                return;
            }
            encoding.frame(framed, count, encoded, length);
            count++;
            batchBytes += length;
        }

        /** Hands the batch being framed to the sending thread, once the one before it is through. */
        private void flush() {
            collect();
            if (count == 0 || aborted) {
                clear();
                return;
            }
            ProtoBuffer full = framed;
            int n = count;
            byte[] head = encoding.head(resource, full.size());
            byte[] tail = encoding.tail();
            inFlight = sending.submit(() -> sender.send(head, full, tail, n));
            inFlightSpans = n;
            framed = full == buffers[0] ? buffers[1] : buffers[0];
            clear();
        }

        /** Sends what is left and waits for every outcome. */
        void finish() {
            flush();
            collect();
        }

        /** Takes the outcome of the batch in flight, if any. */
        private void collect() {
            if (inFlight == null) {
                return;
            }
            OtlpSender.Outcome o;
            try {
                o = inFlight.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                inFlight = null;
            }
            requests++;
            bytes += o.wireBytes();
            if (o.accepted()) {
                accepted += inFlightSpans - o.rejected();
            }
            if (o.problem() != null) {
                problems.add(o.problem());
            }
            aborted = o.abort();
        }

        private void clear() {
            framed.reset();
            count = 0;
            batchBytes = 0;
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

    /**
     * {@link #resource()} plus OpenTelemetry's VCS attributes ({@code vcs.repository.url.full},
     * {@code vcs.ref.head.name}, {@code vcs.ref.head.revision}) from the sessions' {@code provenance.json}, when
     * every requested session names the same ones (a resource is shared by every span of a request). The URL is
     * the remote's, stored without credentials; never the local path.
     */
    Resource resource(TraceStore store, List<String> sessionIds) {
        Resource base = resource();
        Map<String, String> shared = null;
        for (String id : sessionIds) {
            Provenance p = Provenance.read(store.sessionDir(id));
            GitFacts g = p == null ? null : p.latest();
            Map<String, String> vcs = new java.util.LinkedHashMap<>();
            if (g != null) {
                putIf(vcs, "vcs.repository.url.full", g.remoteUrl());
                putIf(vcs, "vcs.ref.head.name", g.branch());
                putIf(vcs, "vcs.ref.head.revision", g.commit());
            }
            if (shared != null && !shared.equals(vcs)) {
                return base;
            }
            shared = vcs;
        }
        if (shared == null || shared.isEmpty()) {
            return base;
        }
        List<KeyValue> attrs = new ArrayList<>(base.attributes());
        for (Map.Entry<String, String> e : shared.entrySet()) {
            if (!settings.resourceAttributes().containsKey(e.getKey())) { // the user's own value wins
                attrs.add(new KeyValue(e.getKey(), e.getValue()));
            }
        }
        return new Resource(attrs, base.scopeName(), base.scopeVersion());
    }

    private static void putIf(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** {@link #map(TraceStore, List, Consumer, SpanWriter, long[])} with each span handed over whole. */
    int map(TraceStore store, List<String> sessionIds, Consumer<String> warnings, Consumer<Span> sink) {
        return map(store, sessionIds, warnings, Span.collector(sink), new long[1]);
    }

    /**
     * Maps the sessions and every subagent session below them, each tree once (a requested session below
     * another requested one comes with it), writing the spans into {@code out}; returns how many sessions were
     * mapped and adds the spans written to {@code spans[0]}.
     */
    int map(TraceStore store, List<String> sessionIds, Consumer<String> warnings, SpanWriter out, long[] spans) {
        Reading reading = Reading.of(store, prices, warnings);
        SessionTree tree = reading.tree();
        Set<String> requested = new LinkedHashSet<>(sessionIds);
        int[] sessions = {0};
        SessionListener listener = new SessionListener() {
            private final SpanIds ids = new SpanIds();
            private SessionMapper mapper;

            @Override
            public void begin(SessionMeta meta, int depth) {
                sessions[0]++;
                String top = tree.top(meta.sessionId());
                byte[] parentSpan = null;
                if (!top.equals(meta.sessionId())) {
                    parentSpan = meta.parentEventId().isEmpty() ? ids.rootSpanId(meta.parentSessionId())
                            : ids.eventSpanId(meta.parentSessionId(), meta.parentEventId());
                }
                mapper = new SessionMapper(limits, meta, ids, ids.traceId(top), parentSpan, out);
            }

            @Override
            public void step(Step step) {
                mapper.step(step);
            }

            @Override
            public void end(SessionMeta meta, io.github.agentstrace.session.Summary summary) {
                mapper.finish(summary);
                spans[0] += mapper.spans();
            }
        };
        for (String id : requested) {
            if (!hasRequestedAncestor(tree, id, requested)) {
                reading.read(id, true, false, listener);
            }
        }
        return sessions[0];
    }

    private static boolean hasRequestedAncestor(SessionTree tree, String id, Set<String> requested) {
        Set<String> seen = new HashSet<>();
        String cur = id;
        for (int i = 0; i < SessionTree.MAX_DEPTH && seen.add(cur); i++) {
            String parent = tree.meta(cur).parentSessionId();
            if (parent.isEmpty()) {
                return false;
            }
            if (requested.contains(parent)) {
                return true;
            }
            if (!tree.exists(parent)) {
                return false;
            }
            cur = parent;
        }
        return false;
    }
}
