package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.testsupport.TestJar;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar: --port 0, the --host warning, 502 from a dead upstream, SIGTERM ending the session. */
class RecordHttpCliIT {
    @TempDir
    Path traces;

    @Test
    void recordHttp_onAnyAddressWarnsServes502ForADeadUpstreamAndEndsCleanlyOnSigterm() throws Exception {
        String jar = TestJar.path().toString();
        Process p = new ProcessBuilder(TestJar.java(), "-jar", jar, "--trace-dir", traces.toString(), "record-http",
                "http://127.0.0.1:9/mcp", "--host", "0.0.0.0", "--port", "0", "--name", "cli-it")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        StringBuilder err = new StringBuilder();
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("HTTP proxy listening on http://0\\.0\\.0\\.0:(\\d+)/");
        int port = -1;
        String line;
        while (port < 0 && (line = reader.readLine()) != null) {
            err.append(line).append('\n');
            Matcher m = listening.matcher(line);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
        }
        assertTrue(port > 0, err.toString());

        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(502, r.statusCode());
        assertTrue(r.body().startsWith("agent-strace: upstream GET http://127.0.0.1:9/mcp failed: "), r.body());

        p.toHandle().destroy(); // SIGTERM, leaving our end of stderr open
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue());
        while ((line = reader.readLine()) != null) {
            err.append(line).append('\n');
        }
        String all = err.toString();
        assertTrue(all.contains("agent-strace record-http: warning: listening on 0.0.0.0: anyone who can reach this port"), all);
        assertTrue(all.contains("agent-strace record-http: upstream GET http://127.0.0.1:9/mcp failed"), all);

        TraceStore store = new TraceStore(traces);
        SessionMeta meta = store.list(w -> { }).get(0);
        assertEquals("http-proxy -> http://127.0.0.1:9/mcp", meta.command());
        assertEquals("cli-it", meta.agentName());
        assertEquals(1, meta.errors());
        assertNotNull(meta.endedAt());
        assertTrue(all.contains("agent-strace: session " + meta.sessionId() + " complete"), all);
        List<TraceEvent> events = new ArrayList<>();
        store.reader(meta.sessionId(), w -> { }).forEach(events::add);
        assertEquals(List.of("session_start", "error", "session_end"), events.stream().map(TraceEvent::type).toList());
    }
}
