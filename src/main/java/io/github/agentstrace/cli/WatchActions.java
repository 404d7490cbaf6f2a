package io.github.agentstrace.cli;

import io.github.agentstrace.guard.Watcher;
import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What {@code watch} does with an alert: runs a command (argv, never a shell), POSTs a webhook, stops the
 * agent, and prints the alert, in that order, so a line on stdout means the other actions are done. A
 * failing action is a warning: the watch goes on.
 */
final class WatchActions {
    /** How long a command or a webhook may take before the watch goes on without it. */
    static final long ACTION_TIMEOUT_SECONDS = 30;

    private final PrintStream out;
    private final Consumer<String> warn;
    private final List<String> command;
    private final URI webhook;
    private final Long pid;
    private final long graceMillis;
    private HttpClient http;
    private boolean stopped;

    WatchActions(PrintStream out, Consumer<String> warn, String exec, String webhook, Long pid, long graceMillis)
            throws UsageException {
        this.out = out;
        this.warn = warn;
        this.command = exec == null ? null : words(exec);
        if (command != null && command.isEmpty()) {
            throw new UsageException("--exec needs a command");
        }
        if (webhook != null) {
            URI u;
            try {
                u = URI.create(webhook);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--webhook '" + webhook + "' is not a URL: " + e.getMessage());
            }
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new UsageException("--webhook '" + webhook + "' must be an http:// or https:// URL");
            }
            this.webhook = u;
        } else {
            this.webhook = null;
        }
        this.pid = pid;
        this.graceMillis = graceMillis;
    }

    /** Whether a stop action has ended (or tried to end) the agent. */
    boolean stopped() {
        return stopped;
    }

    void fire(Watcher.Alert alert) {
        if (command != null) {
            exec(alert);
        }
        if (webhook != null) {
            post(alert);
        }
        if (pid != null && !stopped) {
            stop();
        }
        out.println(alert.text());
        out.flush();
    }

    private void exec(Watcher.Alert alert) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("AGENT_STRACE_ALERT_RULE", alert.rule());
        env.put("AGENT_STRACE_ALERT_MESSAGE", alert.message());
        env.put("AGENT_STRACE_ALERT_SESSION", alert.sessionId());
        try {
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write((Json.write(alert.toJson()) + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the command does not read its stdin: it still runs
            }
            if (!p.waitFor(ACTION_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                warn.accept("--exec " + command.get(0) + " still runs after " + ACTION_TIMEOUT_SECONDS + " s; not waiting");
            } else if (p.exitValue() != 0) {
                warn.accept("--exec " + command.get(0) + " exited with status " + p.exitValue());
            }
        } catch (IOException e) {
            warn.accept("cannot run --exec " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void post(Watcher.Alert alert) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("text", alert.text());
        body.putAll(alert.toJson());
        try {
            if (http == null) {
                http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            }
            HttpRequest req = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(ACTION_TIMEOUT_SECONDS))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8)).build();
            HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) {
                warn.accept("--webhook answered HTTP " + r.statusCode());
            }
        } catch (IOException e) {
            warn.accept("--webhook failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then SIGKILL when the process outlives the grace period. */
    private void stop() {
        stopped = true;
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            warn.accept("--stop: process " + pid + " is not running");
            return;
        }
        ProcessHandle p = h.get();
        if (!p.destroy()) {
            warn.accept("--stop: cannot signal process " + pid);
            return;
        }
        try {
            p.onExit().get(graceMillis, TimeUnit.MILLISECONDS);
            warn.accept("stopped process " + pid + " (SIGTERM)");
        } catch (TimeoutException e) {
            p.destroyForcibly();
            warn.accept("stopped process " + pid + " (SIGKILL after " + graceMillis + " ms)");
        } catch (ExecutionException e) {
            warn.accept("--stop: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A command line split on spaces: no shell, so no quoting, globbing or variables. */
    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        for (String w : s.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
