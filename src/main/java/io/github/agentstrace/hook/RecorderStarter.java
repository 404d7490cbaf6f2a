package io.github.agentstrace.hook;

import io.github.agentstrace.model.Clock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command hooks' side of resident recording ({@code hook session-start --recorder PORT}, and
 * user-prompt, session-end): note where the session's events go ({@link RecorderRoutes}), and start the
 * recorder when nothing answers on its port, detached, so that a recorder that died costs at most the
 * events until the next prompt. Never throws; problems go to the session's error log.
 */
final class RecorderStarter {
    private static final int CONNECT_MS = 300;
    /** A hook's patience for the answer: its own watchdog ends it after five seconds. */
    static final int HOOK_ANSWER_MS = 2000;
    /** How long a hook that started the recorder waits for it to listen. */
    private static final long START_WAIT_MS = 3000;

    private final RecorderRoutes routes;
    private final Map<String, String> env;
    private final Clock clock;

    RecorderStarter(RecorderRoutes routes, Map<String, String> env, Clock clock) {
        this.routes = routes;
        this.env = env;
        this.clock = clock;
    }

    /**
     * After a command hook recorded {@code event} of Claude session {@code claudeSession}: SessionEnd forgets
     * the route; SessionStart and UserPromptSubmit note it and make sure the recorder runs.
     */
    void after(HookEvent event, String claudeSession, HookConfig config, int port, HookErrorLog log) {
        if (event == null || claudeSession == null) {
            return;
        }
        try {
            if (event == HookEvent.SESSION_END) {
                routes.remove(claudeSession);
                return;
            }
            if (event != HookEvent.SESSION_START && event != HookEvent.USER_PROMPT) {
                return;
            }
            routes.put(claudeSession, config.traceDir(), !config.redactor().enabled());
            ensureRunning(port, log, event);
        } catch (IOException | RuntimeException e) {
            log.log(clock.instant(), event.cliName(), "resident recorder: " + e.getMessage(), null, false);
        }
    }

    /** Starts the recorder unless this user's answers on {@code port}; says so when another program does. */
    void ensureRunning(int port, HookErrorLog log, HookEvent event) throws IOException {
        String answer = probe(port, HOOK_ANSWER_MS);
        if (answer == null) {
            Path stateDir = routes.root();
            List<String> cmd = new ArrayList<>(AutoExport.currentJava());
            cmd.addAll(List.of("recorder", "--port", Integer.toString(port)));
            // Detached and silent: its own problems go to <state>/hook-errors.log, a JVM crash to recorder.log.
            AutoExport.launchDetached(cmd, env, stateDir.resolve("recorder.log"));
            // SessionStart is synchronous in resident mode: waiting here until the recorder listens means the
            // session's first tool call finds it. Bounded, within the hook's own five-second watchdog.
            long deadline = System.nanoTime() + START_WAIT_MS * 1_000_000L;
            while (System.nanoTime() < deadline && probe(port, HOOK_ANSWER_MS) == null) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } else if (!answer.equals(ResidentRecorder.identity())) {
            log.log(clock.instant(), event.cliName(), "resident recorder: 127.0.0.1:" + port + " is served by "
                    + (answer.startsWith("agent-strace recorder") ? "another user's recorder" : "another program")
                    + ", so http hooks are not recorded; choose another port (setup --install --resident --port N)",
                    null, false);
        }
    }

    /**
     * What answers {@code GET /agent-strace/health} on the port: null when the connection is refused (no
     * recorder), else the body (or "" for something that is not an HTTP server of ours). A plain socket,
     * not an HTTP client: this runs in a hook process, where every class loaded counts.
     */
    static String probe(int port, int answerMs) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_MS);
            s.setSoTimeout(answerMs);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + ResidentRecorder.HEALTH_PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[1024];
            int r;
            while (got.size() < 8192 && (r = in.read(buf)) >= 0) {
                got.write(buf, 0, r);
            }
            String text = got.toString(StandardCharsets.UTF_8);
            int body = text.indexOf("\r\n\r\n");
            return text.startsWith("HTTP/1.1 200") && body >= 0 ? text.substring(body + 4).trim() : "";
        } catch (ConnectException e) {
            return null;
        } catch (java.net.SocketTimeoutException e) {
            return "";
        }
    }

    /**
     * Who this process runs as: the uid (owner of {@code /proc/self}) where there is one, else the user name.
     * It tells recorders of different users apart and picks the default port.
     */
    static String userKey() {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException | Error e) {
            return System.getProperty("user.name", "user");
        }
    }

    /** The default port: 20000 plus the uid modulo 10000, so users of one machine rarely meet on one port. */
    static int defaultPort() {
        String key = userKey();
        int n;
        try {
            n = Integer.parseInt(key);
        } catch (NumberFormatException e) {
            n = key.hashCode() & 0x7fffffff;
        }
        return 20000 + n % 10000;
    }
}
