package io.github.agentstrace.hook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.net.HostRule;
import io.github.agentstrace.net.LocalServer;
import io.github.agentstrace.redact.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The resident recorder: Claude Code's {@code "type": "http"} hooks POST their payloads here instead of
 * starting a JVM per event. One process per user on a fixed loopback port; each payload goes through
 * {@link HookRecorder#recordOrLog} exactly as a hook process's stdin does (same redaction, same locked
 * whole-line appends, same state files), into the trace directory its session's command hooks noted in
 * {@link RecorderRoutes}, so a session can alternate between command hooks and POSTs. It keeps each
 * session's writer open and merges event counts into meta.json once a second ({@link SessionWriters.Kept}).
 *
 * <p>It never harms the agent: every request from a client that names us in {@code Host} is answered
 * {@code 200} with an empty body (Claude Code's "success, no output"), recorded or not; what could not be
 * recorded goes to the session's {@code hook-errors.log}, or to the recorder's own log in its state
 * directory when the payload names no known session. A request is answered within {@value #ANSWER_WITHIN_MS}
 * ms even if the disk hangs (the event is still written when it can be). Other {@code Host} values are
 * refused (403: a web page resolving its name to 127.0.0.1), bodies beyond the cap are drained and dropped,
 * and the process stops after an idle period (default {@value #DEFAULT_IDLE_MINUTES} minutes).
 */
public final class ResidentRecorder {
    /** The path Claude Code POSTs to; {@link ClaudeSettings} recognises our http hooks by it. */
    public static final String HOOK_PATH = "/agent-strace/hook";
    /** What the command hooks ask to tell our recorder from another program on the port. */
    static final String HEALTH_PATH = "/agent-strace/health";
    public static final int DEFAULT_IDLE_MINUTES = 60;
    /** The longest a POST waits for its event to be written before it is answered all the same. */
    static final long ANSWER_WITHIN_MS = 2000;
    /** Payloads beyond this are drained and dropped, as a hook process does with its stdin. */
    public static final int MAX_BODY = HookConfig.MAX_PAYLOAD;
    /** How often the counts of the events written are merged into their sessions' meta.json. */
    static final long FLUSH_EVERY_MS = 1000;
    /** A session's writer is closed after this long without an event. */
    private static final long WRITER_IDLE_NANOS = 60_000_000_000L;

    private final HttpServer server;
    private final int port;
    private final HostRule hosts;
    private final Clock clock;
    private final Duration idleAfter;
    private final Map<String, String> env;
    private final RecorderRoutes routes;
    private final HookErrorLog ownLog;
    private final int maxBody;
    private final Ids ids = Ids.secure();
    private final Map<RecorderRoutes.Route, HookConfig> configs = new ConcurrentHashMap<>();
    private final ExecutorService writers;
    private final ScheduledExecutorService idleWatch;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final SessionWriters.Kept writersKept = new SessionWriters.Kept();
    private volatile Instant lastRequest;

    private ResidentRecorder(HttpServer server, Clock clock, Duration idleAfter, Map<String, String> env,
                             Path stateDir, int maxBody) {
        this.server = server;
        this.port = server.getAddress().getPort();
        this.hosts = new HostRule("127.0.0.1", port);
        this.clock = clock;
        this.idleAfter = idleAfter;
        this.env = env;
        this.routes = new RecorderRoutes(stateDir);
        this.ownLog = new HookErrorLog(stateDir, Redactor.forCaptureOrBuiltin(false, false, env, HookConfig.SILENT));
        this.maxBody = maxBody;
        this.lastRequest = clock.instant();
        this.writers = Executors.newCachedThreadPool(daemon("agent-strace-recorder-write"));
        this.idleWatch = Executors.newSingleThreadScheduledExecutor(daemon("agent-strace-recorder-idle"));
    }

    /**
     * Binds {@code 127.0.0.1:port} (0: any free port) and starts serving. A port already in use is a
     * {@link java.net.BindException}: another recorder won the race, or another program has the port.
     */
    public static ResidentRecorder start(int port, Clock clock, Duration idleAfter, Map<String, String> env,
                                         Path stateDir, int maxBody) throws IOException {
        // The proxy's binding: loopback, and TCP_NODELAY so an answer never waits for the client's delayed ACK.
        HttpServer server = LocalServer.bind("127.0.0.1", port);
        ResidentRecorder r = new ResidentRecorder(server, clock, idleAfter, env, stateDir, maxBody);
        server.createContext("/", r.new Handler());
        // No executor: the server's own thread reads each request and hands only the writing on (bounded
        // in time); on a busy machine every hand-over between threads costs a scheduling delay.
        server.start();
        long every = Math.max(1000, Math.min(30_000, idleAfter.toMillis() / 4));
        r.idleWatch.scheduleWithFixedDelay(r::checkIdle, every, every, TimeUnit.MILLISECONDS);
        r.idleWatch.scheduleWithFixedDelay(() -> r.writersKept.flush(WRITER_IDLE_NANOS), FLUSH_EVERY_MS, FLUSH_EVERY_MS,
                TimeUnit.MILLISECONDS);
        return r;
    }

    /** The default state directory for this environment ({@link RecorderRoutes#stateDir}). */
    public static Path stateDir(Map<String, String> env) {
        return RecorderRoutes.stateDir(env);
    }

    /** The port {@code setup --resident} writes by default ({@link RecorderStarter#defaultPort}). */
    public static int defaultPort() {
        return RecorderStarter.defaultPort();
    }

    /**
     * Whether this user's recorder answers on {@code port}, waiting up to ten seconds for the answer: a
     * recorder that just won the port may still be starting on a busy machine.
     */
    public static boolean servedByThisUser(int port) {
        try {
            return identity().equals(RecorderStarter.probe(port, 10_000));
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** Stops the recorder when nothing came for the idle period; true when it stopped (now or before). */
    public boolean checkIdle() {
        if (stopped.getCount() == 0) {
            return true;
        }
        if (Duration.between(lastRequest, clock.instant()).compareTo(idleAfter) >= 0) {
            stop();
            return true;
        }
        return false;
    }

    /** Stops serving at once (requests being written finish on their own threads). Idempotent. */
    public void stop() {
        synchronized (stopped) {
            if (stopped.getCount() == 0) {
                return;
            }
            server.stop(0);
            idleWatch.shutdownNow();
            writers.shutdown();
            stopped.countDown();
        }
    }

    /**
     * Blocks until the recorder has stopped (idle, or {@link #stop}), lets pending writes finish, and merges
     * their counts into meta.json.
     */
    public void awaitStop() throws InterruptedException {
        stopped.await();
        writers.awaitTermination(ANSWER_WITHIN_MS, TimeUnit.MILLISECONDS);
        writersKept.flush(0);
    }

    /** Merges the counts of the events written so far into their sessions' meta.json (tests; the recorder does it every second). */
    void flushCounts() {
        writersKept.flush(WRITER_IDLE_NANOS);
    }

    /** {@code agent-strace recorder uid=<uid>}: how a hook knows the port is served by this user's recorder. */
    static String identity() {
        return "agent-strace recorder uid=" + RecorderStarter.userKey();
    }

    private final class Handler implements HttpHandler {
        @Override
        public void handle(HttpExchange ex) throws IOException {
            try (ex) {
                if (!hosts.allows(ex.getRequestHeaders().get("Host"))) {
                    drain(ex.getRequestBody());
                    ex.sendResponseHeaders(403, -1);
                    return;
                }
                String path = ex.getRequestURI().getPath();
                String method = ex.getRequestMethod();
                if (path.equals(HEALTH_PATH) && method.equals("GET")) {
                    byte[] body = identity().getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                    return;
                }
                if (!path.equals(HOOK_PATH)) {
                    drain(ex.getRequestBody());
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                if (!method.equals("POST")) {
                    ex.getResponseHeaders().set("Allow", "POST");
                    ex.sendResponseHeaders(405, -1);
                    return;
                }
                lastRequest = clock.instant();
                byte[] body = readCapped(ex.getRequestBody());
                if (body == null) {
                    ownLog.log(clock.instant(), null, "ignored: payload larger than " + maxBody + " bytes", null, false);
                } else {
                    recordWithin(body);
                }
                // Success with no output, whatever happened: a recorder never blocks or steers the agent.
                ex.sendResponseHeaders(200, -1);
            }
        }
    }

    /** Hands the payload to a writer thread and waits for it, at most {@value #ANSWER_WITHIN_MS} ms. */
    private void recordWithin(byte[] body) {
        Future<?> done = writers.submit(() -> record(body));
        try {
            done.get(ANSWER_WITHIN_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ownLog.log(clock.instant(), null, "answered before the event was written (the disk or a lock is slow);"
                    + " it is written when it can be", null, false);
        } catch (ExecutionException e) {
            ownLog.log(clock.instant(), null, "failed", e.getCause(), "1".equals(env.get("AGENT_STRACE_DEBUG")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Parses, finds the session's route and records through the same path as a hook process. */
    void record(byte[] body) {
        Payload p;
        try {
            p = HookRecorder.parse(body);
        } catch (HookInputException e) {
            ownLog.log(clock.instant(), null, "ignored: " + e.getMessage(), null, false);
            return;
        }
        String session = p.text("session_id");
        String event = p.text("hook_event_name");
        RecorderRoutes.Route route;
        try {
            route = session == null ? null : routes.get(session);
        } catch (IOException | RuntimeException e) {
            ownLog.log(clock.instant(), event, "not recorded: cannot read the route of session " + session + ": "
                    + e.getMessage(), null, false);
            return;
        }
        if (route == null) {
            ownLog.log(clock.instant(), event, "not recorded: " + (session == null ? "payload has no session_id"
                    : "no trace directory noted for session " + session + " (its SessionStart or UserPromptSubmit"
                    + " command hook has not run yet)"), null, false);
            return;
        }
        HookConfig config = configs.computeIfAbsent(route,
                r -> HookConfig.of(r.traceDir().toString(), r.noRedact(), env, r.traceDir()));
        new HookRecorder(config, clock, ids, env, 0, writersKept).recordOrLog(null, p,
                new HookErrorLog(config.traceDir(), config.redactor()), "1".equals(env.get("AGENT_STRACE_DEBUG")));
    }

    /** The whole body, or null (drained) when it is larger than the cap. */
    private byte[] readCapped(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (buf.length >= maxBody) {
                    drain(in);
                    return null;
                }
                buf = Arrays.copyOf(buf, (int) Math.min(maxBody, (long) buf.length * 2));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                return Arrays.copyOf(buf, n);
            }
            n += r;
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] sink = new byte[65536];
        while (in.read(sink) >= 0) {
            // so the client is not cut off mid-write
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
