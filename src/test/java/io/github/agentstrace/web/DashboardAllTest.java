package io.github.agentstrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.analysis.Selection;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.store.TraceStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --all}: two trace directories of a registry in a temporary {@code XDG_CONFIG_HOME}
 * ({@link WebFixture#twoDirs}), alpha with the sample sessions and beta with the original's fixtures, both
 * holding a session {@link WebFixture#SHARED}. Every page and endpoint sees both, and each session is
 * reachable in its own directory.
 */
class DashboardAllTest {
    private static final String SHARED = WebFixture.SHARED;
    private static final String BETA_AGENT = WebFixture.BETA_AGENT;

    @TempDir
    Path dir;

    private Path alpha;
    private Path beta;
    private List<Selection.Dir> dirs;
    private Selection selection;
    private final List<Dashboard> started = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void registry() throws IOException {
        WebFixture.TwoDirs two = WebFixture.twoDirs(dir);
        alpha = two.alpha();
        beta = two.beta();
        dirs = two.dirs();
        selection = two.selection();
        assertEquals(2, dirs.size(), dirs.toString());
    }

    @AfterEach
    void close() {
        started.forEach(Dashboard::close);
    }

    private Dashboard start(String host) throws IOException {
        Dashboard d = Dashboard.start(new Dashboard.Settings(host, 0, dirs, selection, s -> WebFixture.reading(s.root()), w -> { },
                20, dir));
        started.add(d);
        return d;
    }

    private Dashboard startOne(Path traces) throws IOException {
        Dashboard d = Dashboard.start(new Dashboard.Settings("127.0.0.1", 0, new TraceStore(traces),
                () -> WebFixture.reading(traces), w -> { }, 20, dir));
        started.add(d);
        return d;
    }

    private HttpResponse<String> get(Dashboard d, String target) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.port() + target)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> json(Dashboard d, String target) throws Exception {
        HttpResponse<String> r = get(d, target);
        assertEquals(200, r.statusCode(), target + ": " + r.body());
        return Json.asObject(Json.parse(r.body()));
    }

    private static long number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    @Test
    void sessions_listBothDirectories_withTheirProject() throws Exception {
        Dashboard d = start("127.0.0.1");
        Map<String, Object> api = json(d, "/api/sessions");
        List<Object> dirsJson = Json.asArray(api.get("trace_dirs"));
        assertEquals(2, dirsJson.size());
        assertEquals(alpha.toString(), Json.asObject(dirsJson.get(0)).get("path"));
        assertEquals("~/beta", Json.asObject(dirsJson.get(1)).get("project"));
        List<Object> rows = Json.asArray(api.get("sessions"));
        int alphaRows = WebFixture.exampleIds().size();
        assertEquals(alphaRows + 3 + 1, rows.size(), "every session of both directories, the shared id twice");
        Set<String> seen = new HashSet<>();
        double previous = Double.MAX_VALUE;
        for (Object o : rows) {
            Map<String, Object> row = Json.asObject(o);
            int index = ((Number) row.get("dir")).intValue();
            assertEquals(index == 0 ? "~/alpha" : "~/beta", row.get("trace_project"), row.toString());
            assertEquals(index == 0 ? alpha.toString() : beta.toString(), row.get("trace_dir"));
            assertTrue(seen.add(index + "/" + row.get("session_id")), "each session once: " + row);
            double started = ((Number) row.get("started_at")).doubleValue();
            assertTrue(started <= previous, "newest first across directories");
            previous = started;
        }
        assertTrue(seen.contains("0/" + SHARED) && seen.contains("1/" + SHARED), seen.toString());
        assertTrue(seen.contains("1/a0e78b1d5c424034"), seen.toString());

        String html = get(d, "/").body();
        Map<String, Object> data = WebFixture.dataOf(html);
        assertEquals(2, Json.asArray(data.get("trace_dirs")).size(), "the page knows to show the Project column");
        assertEquals(rows.size(), Json.asArray(data.get("sessions")).size());
        assertTrue(html.contains(">2 trace directories</span>"), "the nav bar names how many directories");
        assertTrue(html.contains(alpha.toString() + "\n" + beta.toString()), "and their paths on hover");
    }

    @Test
    void eachSessionPage_opensInItsDirectory_andTheSharedIdInBoth() throws Exception {
        Dashboard d = start("127.0.0.1");
        for (Object o : Json.asArray(json(d, "/api/sessions").get("sessions"))) {
            Map<String, Object> row = Json.asObject(o);
            String target = "/s/" + row.get("session_id") + "?d=" + row.get("dir");
            HttpResponse<String> page = get(d, target);
            assertEquals(200, page.statusCode(), target + ": " + page.body());
            Map<String, Object> data = WebFixture.dataOf(page.body());
            Map<String, Object> lane = Json.asObject(Json.asArray(data.get("lanes")).get(0));
            assertEquals(row.get("session_id"), lane.get("session_id"));
            assertEquals(row.get("agent"), lane.get("agent"), target);
            assertEquals("/api/sessions/" + row.get("session_id") + "/live?d=" + row.get("dir"), data.get("live_url"),
                    "the live feed follows the same directory's file");
        }
        Map<String, Object> first = Json.asObject(Json.asArray(json(d, "/api/sessions/" + SHARED).get("lanes")).get(0));
        assertTrue(!BETA_AGENT.equals(first.get("agent")), "without d: the first directory that holds the id");
        Map<String, Object> second = Json.asObject(Json.asArray(json(d, "/api/sessions/" + SHARED + "?d=1").get("lanes")).get(0));
        assertEquals(BETA_AGENT, second.get("agent"));
        Map<String, Object> events = json(d, "/api/sessions/" + SHARED + "/events?d=1");
        assertEquals(3, Json.asArray(events.get("events")).size(), "beta's three events, not alpha's");
        assertEquals(200, get(d, "/api/sessions/a0e78b1d5c424034").statusCode(), "only beta has it: found there");
    }

    @Test
    void unknownIds_andBadDirectoryIndexes_areRefusedInOneLine() throws Exception {
        Dashboard d = start("127.0.0.1");
        for (String target : List.of("/s/0123456789abcdef", "/api/sessions/0123456789abcdef",
                "/api/sessions/0123456789abcdef/events", "/s/a0e78b1d5c424034?d=0")) {
            HttpResponse<String> r = get(d, target);
            assertEquals(404, r.statusCode(), target);
            assertTrue(r.body().startsWith("no session ") && r.body().indexOf('\n') == r.body().length() - 1, r.body());
        }
        for (String bad : List.of("2", "-1", "x", "", "%2e%2e", "1e0", "99999999999")) {
            for (String target : List.of("/s/" + SHARED + "?d=" + bad, "/api/sessions/" + SHARED + "/live?d=" + bad)) {
                HttpResponse<String> r = get(d, target);
                assertEquals(400, r.statusCode(), target);
                assertTrue(r.body().startsWith("invalid d '") && r.body().contains("0 to 1")
                        && r.body().indexOf('\n') == r.body().length() - 1, r.body());
            }
        }
        assertEquals(400, get(d, "/s/..%2F..%2Fetc?d=1").statusCode(), "ids are checked before any directory");
    }

    @Test
    void search_findsHitsInBoth_andLinksEachToItsDirectory() throws Exception {
        Dashboard d = start("127.0.0.1");
        Map<String, Object> found = json(d, "/api/search?q=type:tool_call&limit=5000");
        Set<String> where = new HashSet<>();
        for (Object o : Json.asArray(found.get("hits"))) {
            where.add((String) Json.asObject(o).get("trace_dir"));
        }
        assertEquals(Set.of(alpha.toString(), beta.toString()), where);
        String html = get(d, "/search?q=echo%20beta").body();
        assertTrue(html.contains("href=\"/s/" + SHARED + "?d=1\""), "beta's hit opens beta's session");
        String both = get(d, "/search?q=type:tool_call&limit=5000").body();
        assertTrue(both.contains("?d=0\"") && both.contains("?d=1\""), "hits of both directories link theirs");
    }

    @Test
    void report_totalsAreTheSumOfEachDirectorys() throws Exception {
        Dashboard d = start("127.0.0.1");
        Map<String, Object> all = Json.asObject(json(d, "/api/report").get("total"));
        Map<String, Object> a = Json.asObject(json(startOne(alpha), "/api/report").get("total"));
        Map<String, Object> b = Json.asObject(json(startOne(beta), "/api/report").get("total"));
        for (String key : List.of("sessions", "tokens", "tool_calls", "errors")) {
            assertEquals(number(a, key) + number(b, key), number(all, key), key);
        }
        assertTrue(number(a, "sessions") > 0 && number(b, "sessions") > 0);
        assertEquals(((Number) a.get("cost_usd")).doubleValue() + ((Number) b.get("cost_usd")).doubleValue(),
                ((Number) all.get("cost_usd")).doubleValue(), 1e-6);
        Map<String, Object> clusters = json(d, "/api/clusters");
        assertTrue(Json.asArray(clusters.get("clusters")).size() > 0);
        assertEquals(200, get(d, "/clusters").statusCode());
        assertEquals(200, get(d, "/report?by=project").statusCode());
        String byProject = get(d, "/api/report?by=project").body();
        assertTrue(byProject.contains("~/alpha") && byProject.contains("~/beta"), byProject);
    }

    @Test
    void aDirectoryDeletedWhileServed_isNoLongerListed_andNothingBreaks() throws Exception {
        Dashboard d = start("127.0.0.1");
        assertEquals(200, get(d, "/api/sessions/a0e78b1d5c424034").statusCode());
        WebFixture.delete(beta);
        List<Object> rows = Json.asArray(json(d, "/api/sessions").get("sessions"));
        assertEquals(WebFixture.exampleIds().size(), rows.size(), "alpha's sessions only");
        assertEquals(404, get(d, "/api/sessions/a0e78b1d5c424034").statusCode());
        assertEquals(404, get(d, "/s/" + SHARED + "?d=1").statusCode());
        assertEquals(200, get(d, "/s/" + SHARED).statusCode(), "alpha's still opens");
        for (String target : List.of("/", "/search?q=type:error", "/clusters", "/report", "/api/report")) {
            assertEquals(200, get(d, target).statusCode(), target);
        }
        assertEquals(number(Json.asObject(json(startOne(alpha), "/api/report").get("total")), "sessions"),
                number(Json.asObject(json(d, "/api/report").get("total")), "sessions"));
    }

    @Test
    void theGuardStillHolds_hostAndToken() throws Exception {
        Dashboard local = start("127.0.0.1");
        assertEquals(200, status(local, "/api/sessions/" + SHARED + "?d=1", "127.0.0.1:" + local.port()));
        assertEquals(421, status(local, "/api/sessions/" + SHARED + "?d=1", "evil.example:" + local.port()),
                "a foreign Host (DNS rebinding) is refused before any directory is looked at");
        Dashboard open = start("0.0.0.0");
        String token = open.url().substring(open.url().indexOf("?token=") + 7);
        String host = "127.0.0.1:" + open.port();
        assertEquals(401, status(open, "/api/sessions/" + SHARED + "?d=1", host));
        assertEquals(401, status(open, "/s/" + SHARED + "?d=5", host), "the token before the index");
        assertEquals(200, status(open, "/api/sessions/" + SHARED + "?d=1&token=" + token, host));
        assertEquals(200, status(open, "/api/sessions?token=" + token, host));
    }

    /** The status of one GET over a raw socket, so that the Host header is exactly ours. */
    private static int status(Dashboard d, String target, String host) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), d.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(line.split(" ")[1]);
        }
    }
}
