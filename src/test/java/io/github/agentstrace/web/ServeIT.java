package io.github.agentstrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.testsupport.TestJar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar's {@code serve} in a real browser, while real {@code hook} processes record a Claude Code
 * session into the same trace directory: the session page shows each new event as it is appended.
 */
class ServeIT {
    private static final String JAR = TestJar.path().toString();
    private static final String CLAUDE_SESSION = "5e55f00d-1ive-4a11-b0b0-000000000042";

    @TempDir
    Path dir;

    private Path traces() {
        return dir.resolve("traces");
    }

    private static String java() {
        return TestJar.java();
    }

    /** One hook process, as Claude Code runs it: the payload on stdin, silent, exit 0. */
    private void hook(String event, String payload) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR, "hook", event)
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("AGENT_TRACE_DIR", traces().toString());
        pb.environment().remove("CLAUDE_PROJECT_DIR");
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(payload.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "hook " + event + " did not finish");
        assertEquals(0, p.exitValue(), out);
        assertEquals("", out, "a hook prints nothing");
    }

    private String payload(String event, String rest) {
        return "{\"session_id\":\"" + CLAUDE_SESSION + "\",\"transcript_path\":\"" + dir.resolve("none.jsonl")
                + "\",\"cwd\":\"/home/dev/project\",\"hook_event_name\":\"" + event + "\"" + rest + "}";
    }

    @Test
    void beyondLoopback_warnsAndPrintsTheTokenOnce() throws Exception {
        Process serve = new ProcessBuilder(java(), "-jar", JAR, "--trace-dir", WebFixture.EXAMPLES.toString(), "serve",
                "--host", "0.0.0.0", "--port", "0").directory(dir.toFile()).start();
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(serve.getErrorStream(), StandardCharsets.UTF_8));
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String warning = CompletableFuture.supplyAsync(() -> line(err)).get(60, TimeUnit.SECONDS);
            String started = CompletableFuture.supplyAsync(() -> line(out)).get(60, TimeUnit.SECONDS);
            assertTrue(warning.startsWith("agent-strace serve: listening on 0.0.0.0, not only on this machine"), warning);
            assertTrue(started.matches("agent-strace serve: .* on http://0\\.0\\.0\\.0:\\d+/\\?token=[A-Za-z0-9_-]{43}"), started);
            String port = started.replaceAll(".*:(\\d+)/\\?token=.*", "$1");
            String token = started.substring(started.indexOf("?token=") + 7);
            var client = java.net.http.HttpClient.newHttpClient();
            var without = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/sessions"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, without.statusCode());
            var with = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                    + "/api/sessions?token=" + token)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, with.statusCode());
            assertTrue(with.body().contains("9cc82d8d0a3ce14b"));
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    @Test
    void all_servesEveryRegisteredDirectory_andProjectOnlyItsOwn() throws Exception {
        WebFixture.TwoDirs two = WebFixture.twoDirs(dir);
        var client = java.net.http.HttpClient.newHttpClient();
        for (String[] run : new String[][] {{"--all"}, {"--project", dir.resolve("beta").toString()}}) {
            List<String> argv = new ArrayList<>(List.of(java(), "-jar", JAR, "--trace-dir", two.alpha().toString(), "serve",
                    "--port", "0"));
            argv.addAll(List.of(run));
            ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
            Process serve = pb.start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
                String started = CompletableFuture.supplyAsync(() -> line(out)).get(60, TimeUnit.SECONDS);
                boolean all = run[0].equals("--all");
                String names = all ? "2 trace directories" : two.beta().toString();
                assertTrue(started != null && started.matches("agent-strace serve: \\Q" + names + "\\E on http://127\\.0\\.0\\.1:\\d+/"),
                        started);
                String base = started.substring(started.indexOf("http://")).replaceAll("/$", "");
                var r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/sessions")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                Map<String, Object> body = io.github.agentstrace.json.Json.asObject(io.github.agentstrace.json.Json.parse(r.body()));
                assertEquals(all ? 2 : 1, io.github.agentstrace.json.Json.asArray(body.get("trace_dirs")).size(), r.body());
                int rows = io.github.agentstrace.json.Json.asArray(body.get("sessions")).size();
                assertEquals(all ? WebFixture.exampleIds().size() + 4 : 4, rows, "alpha's samples and beta's four sessions");
                assertTrue(r.body().contains("a0e78b1d5c424034"), "beta's sessions are served");
            } finally {
                serve.destroy();
                if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                    serve.destroyForcibly();
                }
            }
        }
    }

    private static String line(BufferedReader r) {
        try {
            return r.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void sessionPage_showsHookEventsAppendedWhileItIsOpen() throws Exception {
        Chromium.require("ServeIT");
        Files.createDirectories(traces());
        try (Stream<Path> s = Files.list(WebFixture.EXAMPLES)) {
            for (Path session : s.collect(Collectors.toList())) {
                Path to = Files.createDirectories(traces().resolve(session.getFileName().toString()));
                try (Stream<Path> files = Files.list(session)) {
                    for (Path f : files.collect(Collectors.toList())) {
                        Files.copy(f, to.resolve(f.getFileName().toString()));
                    }
                }
            }
        }
        Set<String> before = Set.copyOf(WebFixture.exampleIds());
        hook("SessionStart", payload("SessionStart", ",\"source\":\"startup\""));
        hook("UserPromptSubmit", payload("UserPromptSubmit", ",\"prompt\":\"Run the tests and watch them live\""));
        String id;
        try (Stream<Path> s = Files.list(traces())) {
            List<String> fresh = s.map(p -> p.getFileName().toString()).filter(n -> !before.contains(n)).collect(Collectors.toList());
            assertEquals(1, fresh.size(), "the hook made one session: " + fresh);
            id = fresh.get(0);
        }

        Process serve = new ProcessBuilder(java(), "-jar", JAR, "--trace-dir", traces().toString(), "serve", "--port", "0")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        try (Chromium browser = Chromium.launch()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(60, TimeUnit.SECONDS);
            assertTrue(first != null && first.startsWith("agent-strace serve: ") && first.contains("http://127.0.0.1:"), first);
            String url = first.substring(first.indexOf("http://")).strip();
            List<String> rest = new ArrayList<>();
            Thread drain = new Thread(() -> out.lines().forEach(rest::add));
            drain.setDaemon(true);
            drain.start();

            browser.viewport(1280, 800, false);
            browser.open(url);
            browser.until("the session list", "document.body.dataset.ready === 'true'");
            assertEquals(6L, browser.number("document.querySelectorAll('tr.s').length"), "5 samples and the live session");
            browser.screenshot(WebFixture.ARTIFACTS.resolve("serve-sessions-desktop.png"));
            browser.click("tr.s[data-id='" + id + "']");
            browser.until("the session page", "location.pathname === '/s/" + id + "' && document.body.dataset.ready === 'true'");
            assertEquals(0L, browser.number("document.querySelectorAll('.bar.call').length"));
            browser.until("the live badge", "document.querySelector('#live')");

            hook("PreToolUse", payload("PreToolUse", ",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"echo live-marker-42\","
                    + "\"description\":\"Say it live\"},\"tool_use_id\":\"toolu_live_1\""));
            long appended = System.nanoTime();
            browser.until("the new call on the page", "[...document.querySelectorAll('.row.call')]"
                    + ".some(r => r.textContent.includes('echo live-marker-42'))");
            long shownMs = (System.nanoTime() - appended) / 1_000_000;
            System.out.println("ServeIT: a hook event appeared on the open page " + shownMs + " ms after the hook exited");
            assertEquals(1L, browser.number("document.querySelectorAll('.bar.call').length"), "its bar in the timeline");

            hook("PostToolUse", payload("PostToolUse", ",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"echo live-marker-42\"},"
                    + "\"tool_response\":{\"stdout\":\"live-marker-42\",\"stderr\":\"\",\"interrupted\":false},"
                    + "\"tool_use_id\":\"toolu_live_1\",\"duration_ms\":12"));
            browser.until("the call's answer", "[...document.querySelectorAll('.row.call.ok')]"
                    + ".some(r => r.textContent.includes('echo live-marker-42'))");
            browser.click(".row.call.ok");
            browser.until("its output", "document.querySelector('.detail') && document.querySelector('.detail').textContent.includes('Output')");
            assertEquals(List.of(), browser.errors, "console errors");
            browser.screenshot(WebFixture.ARTIFACTS.resolve("serve-live-desktop.png"));
            browser.viewport(390, 844, true);
            browser.open(url.replace("/?", "/s/" + id + "?").replaceAll("/$", "/s/" + id));
            browser.until("the session page", "document.body.dataset.ready === 'true'");
            browser.screenshot(WebFixture.ARTIFACTS.resolve("serve-live-phone.png"));
            browser.open(url);
            browser.until("the session list", "document.body.dataset.ready === 'true'");
            browser.screenshot(WebFixture.ARTIFACTS.resolve("serve-sessions-phone.png"));
            assertEquals(List.of(), browser.errors, "console errors");
            assertTrue(rest.isEmpty(), "serve printed nothing more: " + rest);
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }
}
