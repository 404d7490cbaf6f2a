package io.github.agentstrace.web;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.agentstrace.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium (Debian's {@code chromium} package), driven over the Chrome DevTools Protocol with
 * the JDK's WebSocket client. A test that needs it calls {@link #require}: without the browser it is skipped
 * loudly, and under {@code CI=true} that is a failure ({@code .ci/run} installs the package).
 *
 * <p>It records what a page did: console errors and uncaught exceptions, every network request, and every
 * JavaScript dialog ({@code alert}) that was opened.
 */
final class Chromium implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> calls = new ConcurrentHashMap<>();
    private final String session;
    /** Console errors, uncaught exceptions and error log entries, as text. */
    final List<String> errors = new CopyOnWriteArrayList<>();
    /** The URL of every request the page made (the document's own navigation included). */
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** The message of every dialog the page opened. */
    final List<String> dialogs = new CopyOnWriteArrayList<>();
    private final List<Runnable> onLoad = new CopyOnWriteArrayList<>();
    private volatile int loads;

    /** The browser binary: $AGENT_STRACE_CHROMIUM, else chromium on the usual paths; null when there is none. */
    static Path binary() {
        String env = System.getenv("AGENT_STRACE_CHROMIUM");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    /** Skips the test loudly without a browser; fails it on CI. */
    static void require(String test) {
        if (binary() != null) {
            return;
        }
        String problem = "no chromium (apt-get install chromium, or set AGENT_STRACE_CHROMIUM)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(test + " needs a real browser on CI: " + problem);
        }
        System.err.println("\n*** SKIPPING " + test + " (headless Chromium): " + problem + " ***\n");
        Assumptions.abort(problem);
    }

    /** Starts a fresh browser with its own profile and opens one blank tab. */
    static Chromium launch() throws Exception {
        Path profile = Files.createTempDirectory("agent-strace-chromium");
        Process p = new ProcessBuilder(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String ws = null;
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = err.readLine()) != null; ) {
            seen.append(line).append('\n');
            int at = line.indexOf("ws://");
            if (line.contains("DevTools listening on") && at >= 0) {
                ws = line.substring(at).strip();
                break;
            }
        }
        if (ws == null) {
            p.destroyForcibly();
            throw new IOException("chromium did not start: " + seen);
        }
        Thread drain = new Thread(() -> {
            try {
                err.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // the browser is gone
            }
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        return new Chromium(p, profile, ws);
    }

    private Chromium(Process process, Path profile, String ws) throws Exception {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(ws), new Listener())
                .get(30, TimeUnit.SECONDS);
        Map<String, Object> target = browserCall("Target.createTarget", Map.of("url", "about:blank"));
        Map<String, Object> attached = browserCall("Target.attachToTarget",
                Map.of("targetId", target.get("targetId"), "flatten", true));
        this.session = (String) attached.get("sessionId");
        call("Page.enable", Map.of());
        call("Runtime.enable", Map.of());
        call("Log.enable", Map.of());
        call("Network.enable", Map.of());
    }

    /** Sets the window: {@code mobile} also makes the page see a touch phone's viewport. */
    void viewport(int width, int height, boolean mobile) throws Exception {
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
                "mobile", mobile));
    }

    /** Opens a URL and waits for its load event. */
    void open(String url) throws Exception {
        int before = loads;
        call("Page.navigate", Map.of("url", url));
        await("the load of " + url, () -> loads > before);
    }

    /** Evaluates an expression in the page; returns its value (JSON-like). */
    Object eval(String expression) throws Exception {
        Map<String, Object> r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (r.get("exceptionDetails") != null) {
            throw new AssertionError("page threw on " + expression + ": " + Json.write(r.get("exceptionDetails")));
        }
        return Json.asObject(r.get("result")).get("value");
    }

    /** Evaluates a number. */
    long number(String expression) throws Exception {
        return ((Number) eval(expression)).longValue();
    }

    /** Waits until a condition holds in the page (checked on each round trip, up to 30 s). */
    void until(String description, String condition) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        // a page that is still loading may not have what the condition reads yet: that is "not yet"
        String safe = "(() => { try { return !!(" + condition + "); } catch (e) { return false; } })()";
        while (!Boolean.TRUE.equals(evalAcrossNavigation(safe))) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + description + " (" + condition + ")");
            }
            evalAcrossNavigation("new Promise(r => requestAnimationFrame(() => r(1)))");
        }
    }

    /**
     * Evaluates in the page; a page that navigates meanwhile (a submitted form) answers with an error about its
     * old document, which here means "not yet" (null): the next round trip reaches the new document.
     */
    private Object evalAcrossNavigation(String expression) throws Exception {
        try {
            return eval(expression);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("navigated or closed") || m.contains("Execution context was destroyed")
                    || m.contains("Cannot find context")) {
                return null;
            }
            throw e;
        }
    }

    /** Clicks the centre of the first element matching a CSS selector, as a user's mouse would. */
    void click(String selector) throws Exception {
        Object box = eval("(() => { const e = document.querySelector(" + Json.write(selector) + "); if (!e) return null;"
                + " e.scrollIntoView({block: 'center', inline: 'center'}); const r = e.getBoundingClientRect();"
                + " return [r.left + r.width / 2, r.top + r.height / 2]; })()");
        if (!(box instanceof List<?> xy)) {
            throw new AssertionError("nothing matches " + selector);
        }
        double x = ((Number) xy.get(0)).doubleValue();
        double y = ((Number) xy.get(1)).doubleValue();
        for (String type : List.of("mousePressed", "mouseReleased")) {
            call("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left", "clickCount", 1));
        }
    }

    /** Types text into the focused element, as keystrokes. */
    void type(String text) throws Exception {
        call("Input.insertText", Map.of("text", text));
    }

    /** Presses one key (e.g. {@code j}, {@code Escape}). */
    void key(String key) throws Exception {
        Map<String, Object> down = new LinkedHashMap<>();
        down.put("type", "keyDown");
        down.put("key", key);
        if (key.length() == 1) {
            down.put("text", key);
        }
        call("Input.dispatchKeyEvent", down);
        call("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", key));
    }

    /** Saves a PNG of the viewport. */
    void screenshot(Path file) throws Exception {
        Map<String, Object> r = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode((String) r.get("data")));
    }

    private void await(String what, BooleanSupplier done) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        synchronized (this) {
            while (!done.getAsBoolean()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out waiting for " + what);
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    Map<String, Object> call(String method, Map<String, Object> params) throws Exception {
        return send(method, params, session);
    }

    private Map<String, Object> browserCall(String method, Map<String, Object> params) throws Exception {
        return send(method, params, null);
    }

    private Map<String, Object> send(String method, Map<String, Object> params, String sessionId) throws Exception {
        int id = ids.incrementAndGet();
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("id", id);
        msg.put("method", method);
        msg.put("params", params);
        if (sessionId != null) {
            msg.put("sessionId", sessionId);
        }
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        calls.put(id, f);
        synchronized (socket) {
            socket.sendText(Json.write(msg), true).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> reply = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (reply.get("error") != null) {
            throw new IOException(method + " failed: " + Json.write(reply.get("error")));
        }
        return Json.asObject(reply.get("result"));
    }

    private void event(String method, Map<String, Object> p) {
        switch (method) {
            case "Page.loadEventFired" -> {
                synchronized (this) {
                    loads++;
                    notifyAll();
                }
                onLoad.forEach(Runnable::run);
            }
            case "Runtime.consoleAPICalled" -> {
                if ("error".equals(p.get("type")) || "assert".equals(p.get("type"))) {
                    errors.add("console." + p.get("type") + ": " + Json.write(p.get("args")));
                }
            }
            case "Runtime.exceptionThrown" -> errors.add("exception: " + Json.write(p.get("exceptionDetails")));
            case "Log.entryAdded" -> {
                Map<String, Object> entry = Json.asObject(p.get("entry"));
                if ("error".equals(entry.get("level"))) {
                    errors.add("log: " + entry.get("text") + " " + entry.get("url"));
                }
            }
            case "Network.requestWillBeSent" -> requests.add(String.valueOf(Json.asObject(p.get("request")).get("url")));
            case "Page.javascriptDialogOpening" -> {
                dialogs.add(String.valueOf(p.get("message")));
                // answer it, or the page would hang
                CompletableFuture.runAsync(() -> {
                    try {
                        call("Page.handleJavaScriptDialog", Map.of("accept", true));
                    } catch (Exception ignored) {
                        // the test fails on the dialog anyway
                    }
                });
            }
            default -> {
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                Map<String, Object> m = Json.asObject(Json.parse(text.toString()));
                text.setLength(0);
                if (m.get("id") instanceof Number n) {
                    CompletableFuture<Map<String, Object>> f = calls.remove(n.intValue());
                    if (f != null) {
                        f.complete(m);
                    }
                } else if (m.get("method") instanceof String method) {
                    event(method, Json.asObject(m.get("params")));
                }
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the browser is stopped below in any case
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        // Chromium's helper processes may still add or remove files in the profile after the browser exits: a
        // file gone meanwhile is no failure of the test (a walk that throws on it was one).
        Files.walkFileTree(profile, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                file.toFile().delete();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) {
                d.toFile().delete();
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** For tests that print what they saw. */
    List<String> all() {
        List<String> l = new ArrayList<>(errors);
        l.addAll(dialogs);
        return l;
    }
}
