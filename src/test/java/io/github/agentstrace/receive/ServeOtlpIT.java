package io.github.agentstrace.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.testsupport.TestJar;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar's {@code serve --otlp}: what Claude Code posts to the receiver is on the dashboard's API. */
class ServeOtlpIT {
    @TempDir
    Path dir;
    private Process serve;

    @AfterEach
    void stop() throws InterruptedException {
        if (serve != null) {
            serve.destroy();
            if (!serve.waitFor(20, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    @Test
    void serveWithOtlp_recordsWhatIsPosted_andTheDashboardListsIt() throws Exception {
        serve = new ProcessBuilder(TestJar.command("--trace-dir", dir.resolve("traces").toString(), "serve",
                "--port", "0", "--otlp", "--otlp-port", "0")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        String dashboardLine = out.readLine();
        String otlpLine = out.readLine();
        assertTrue(dashboardLine != null && dashboardLine.contains(" on http://127.0.0.1:"), dashboardLine);
        assertTrue(otlpLine != null && otlpLine.startsWith("agent-strace serve: receiving OTLP/HTTP on http://127.0.0.1:"),
                otlpLine);
        String dashboard = dashboardLine.substring(dashboardLine.lastIndexOf(" on ") + 4).replaceAll("/$", "");
        String otlp = otlpLine.split(" ")[5];

        HttpClient client = HttpClient.newHttpClient();
        for (OtelFixtures.Body b : OtelFixtures.bodies(false, Signal.LOGS)) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(otlp + "/v1/logs"))
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(b.bytes())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
        }
        HttpResponse<String> list = client.send(HttpRequest.newBuilder(URI.create(dashboard + "/api/sessions")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, list.statusCode(), list.body());
        List<Object> sessions = Json.asArray(Json.asObject(Json.parse(list.body())).get("sessions"));
        assertEquals(1, sessions.size(), list.body());
        Map<String, Object> s = Json.asObject(sessions.get(0));
        assertTrue(((String) s.get("session_id")).startsWith("otlp-"), list.body());
        assertEquals("claude-code", s.get("agent"));
        assertEquals(3, ((Number) s.get("tool_calls")).intValue());
        assertEquals(1, ((Number) s.get("errors")).intValue());
    }
}
