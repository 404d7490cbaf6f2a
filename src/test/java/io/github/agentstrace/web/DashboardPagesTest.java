package io.github.agentstrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's search, clusters and report pages and their JSON, over the sample sessions and the
 * original's fixtures (the cross-session commands' test sessions): what they show, what they refuse, and that
 * nothing a session recorded reaches the page as markup.
 */
class DashboardPagesTest {
    /** What a recorded text may try: end an element, open one, break out of an attribute. */
    private static final String HOSTILE = "</td></script><script>alert(1)</script><img src=x onerror=alert(2)>\"'&amp;";

    @TempDir
    Path dir;

    private Dashboard dashboard;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        if (dashboard != null) {
            dashboard.close();
        }
    }

    private void start(Path traces) throws IOException {
        dashboard = Dashboard.start(new Dashboard.Settings("127.0.0.1", 0, new TraceStore(traces),
                () -> WebFixture.reading(traces), w -> { }, 20, WebFixture.HOME));
    }

    private void startAcross() throws IOException {
        start(WebFixture.across(dir.resolve("traces")));
    }

    private HttpResponse<String> get(String target) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboard.port() + target)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> json(String target) throws Exception {
        HttpResponse<String> r = get(target);
        assertEquals(200, r.statusCode(), target + ": " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), target);
        return Json.asObject(Json.parse(r.body()));
    }

    private String page(String target) throws Exception {
        HttpResponse<String> r = get(target);
        assertEquals(200, r.statusCode(), target + ": " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), target);
        return r.body();
    }

    private static List<String> all(String html, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The page without its script and data: the markup the server drew. */
    private static String markup(String html) {
        return html.substring(html.indexOf("<body>"), html.indexOf("<script type=\"application/json\""));
    }

    // ---- search ----

    @Test
    void search_listsTheCommandsHits_withTheMatchMarked() throws Exception {
        startAcross();
        Map<String, Object> api = json("/api/search?q=pytest");
        List<Object> hits = Json.asArray(api.get("hits"));
        assertTrue(hits.size() >= 3, "pytest is in several sessions: " + hits);
        assertEquals(false, api.get("more"));
        for (Object o : hits) {
            Map<String, Object> h = Json.asObject(o);
            for (String key : List.of("session_id", "trace_dir", "event", "timestamp", "time", "type", "tool", "snippet")) {
                assertTrue(h.containsKey(key), "search --json's " + key + ": " + h);
            }
            List<Object> match = Json.asArray(h.get("match"));
            String snippet = (String) h.get("snippet");
            assertEquals("pytest", snippet.substring(((Number) match.get(0)).intValue(), ((Number) match.get(1)).intValue())
                    .toLowerCase());
        }
        String html = markup(page("/search?q=pytest"));
        assertEquals(hits.size(), all(html, "<tr class=\"hit\">()").size(), "a row per hit");
        List<String> links = all(html, "<tr class=\"hit\"><td class=\"mono\"><a href=\"/s/([^\"]+)\">");
        List<String> ids = new ArrayList<>();
        hits.forEach(h -> ids.add((String) Json.asObject(h).get("session_id")));
        assertEquals(ids, links, "each hit links to its session, in the command's order");
        List<String> marked = all(html, "<mark>(.*?)</mark>");
        assertEquals(hits.size(), marked.size());
        marked.forEach(m -> assertEquals("pytest", m.toLowerCase()));
        assertTrue(html.contains("value=\"pytest\""), "the form keeps the query");
        assertTrue(html.contains("<span class=\"count\" id=\"count\">" + hits.size() + " hits</span>"), html);
    }

    @Test
    void search_badQuery_showsTheCommandsLine_andTheApiSays400() throws Exception {
        startAcross();
        String line = "invalid query: unterminated phrase \"unclosed (close it with \")";
        HttpResponse<String> api = get("/api/search?q=" + Frame.query("\"unclosed"));
        assertEquals(400, api.statusCode());
        assertEquals(line + "\n", api.body(), "one line");
        assertTrue(api.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String html = page("/search?q=" + Frame.query("\"unclosed"));
        assertTrue(html.contains("<p class=\"error\" role=\"alert\" id=\"error\">" + Html.escape(line) + "</p>"), html);
        assertFalse(markup(html).contains("<tr class=\"hit\">"));
        assertEquals(400, get("/api/search").statusCode(), "no query");
        assertEquals(400, get("/api/search?q=x&limit=0").statusCode());
        assertEquals(400, get("/api/search?q=x&limit=many").statusCode());
        assertEquals(400, get("/search?q=x&limit=" + (SearchPage.MAX_LIMIT + 1)).statusCode());
    }

    @Test
    void search_limit_offersMore() throws Exception {
        startAcross();
        int all = Json.asArray(json("/api/search?q=type:tool_call").get("hits")).size();
        assertTrue(all > 4, "enough calls: " + all);
        Map<String, Object> two = json("/api/search?q=type:tool_call&limit=2");
        assertEquals(2, Json.asArray(two.get("hits")).size());
        assertEquals(true, two.get("more"));
        String html = markup(page("/search?q=type:tool_call&limit=2"));
        assertEquals(2, all(html, "<tr class=\"hit\">()").size());
        assertTrue(html.contains("first 2 hits"), html);
        assertTrue(html.contains("href=\"/search?q=type%3Atool_call&amp;limit=4\""), "more doubles the limit: " + html);
        String noQuery = markup(page("/search"));
        assertTrue(noQuery.contains("href=\"/search?q=type%3Aerror\""), "examples to start from");
    }

    // ---- hostile content ----

    /** A session whose tool name, agent, model and recorded text are all markup. */
    private Path hostileTraces() throws IOException {
        Path traces = dir.resolve("hostile");
        String id = "h0571le5e55104a1";
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(WebFixture.event("user_prompt", 1795477001, "e1", id, null, Map.of("prompt", "find " + HOSTILE)));
        events.add(WebFixture.event("llm_response", 1795477002, "e2", id, null, Map.of("model", "<i>mystery</i>",
                "input_tokens", 10, "output_tokens", 5)));
        events.add(WebFixture.event("tool_call", 1795477003, "e3", id, null, Map.of("tool_name", HOSTILE,
                "arguments", Map.of("command", "needle " + HOSTILE), "tool_use_id", "t1")));
        events.add(WebFixture.event("tool_result", 1795477004, "e4", id, "e3", Map.of("tool_name", HOSTILE,
                "result", "failed", "is_error", true, "tool_use_id", "t1")));
        WebFixture.session(traces, id, "<b>agent</b>" + HOSTILE, events);
        return traces;
    }

    @Test
    void hostileContent_neverBecomesMarkup() throws Exception {
        start(hostileTraces());
        for (String target : List.of("/search?q=needle", "/search?q=" + Frame.query("tool:" + HOSTILE), "/clusters",
                "/clusters?by=phase", "/report", "/report?by=agent", "/report?by=model")) {
            String html = markup(page(target));
            assertFalse(html.contains("<script>alert"), target);
            assertFalse(html.contains("<img src=x"), target);
            assertFalse(html.contains("<i>mystery"), target);
            assertFalse(html.contains("<b>agent"), target);
            assertFalse(html.contains("\"'&amp;\""), target);
        }
        String search = markup(page("/search?q=needle"));
        assertTrue(search.contains("<mark>needle</mark> &lt;/td&gt;&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
                + "&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;amp;"), search);
        assertTrue(search.contains("<td class=\"tool\">&lt;/td&gt;&lt;/script&gt;"), search);
        String clusters = markup(page("/clusters"));
        assertTrue(clusters.contains("data-label=\"&lt;/td&gt;&lt;/script&gt;&lt;script&gt;alert(1)"), "the bar's label: " + clusters);
        assertTrue(clusters.contains("<title>&lt;/td&gt;&lt;/script&gt;"), "the bar's hover text");
        String agents = markup(page("/report?by=agent"));
        assertTrue(agents.contains("&lt;b&gt;agent&lt;/b&gt;&lt;/td&gt;"), agents);
        String models = markup(page("/report?by=model"));
        assertTrue(models.contains("&lt;i&gt;mystery&lt;/i&gt;"), models);
        assertTrue(models.contains("*</td>"), "an unpriced model's cost is flagged: " + models);
        assertTrue(models.contains("* leaves out turns of models the price table does not know: &lt;i&gt;mystery&lt;/i&gt;"), models);
    }

    // ---- clusters ----

    @Test
    void clusters_showTheCommandsTable_andBothCharts() throws Exception {
        startAcross();
        Map<String, Object> api = json("/api/clusters");
        List<Object> clusters = Json.asArray(api.get("clusters"));
        assertEquals(7, ((Number) api.get("items")).intValue(), "5 samples and 3 fixtures, a subagent with its parent");
        String html = markup(page("/clusters"));
        assertEquals(clusters.size(), all(html, "<tr class=\"cluster\">()").size());
        Map<String, Object> first = Json.asObject(clusters.get(0));
        List<String> sig = new ArrayList<>();
        Json.asArray(first.get("signature")).forEach(t -> sig.add((String) t));
        String row = html.substring(html.indexOf("<tr class=\"cluster\">"), html.indexOf("</tr>", html.indexOf("<tr class=\"cluster\">")));
        assertTrue(row.contains(Html.escape(String.join(" → ", sig))), "the failing cluster first, its signature: " + row);
        assertTrue(row.contains("<a href=\"/s/" + first.get("sample") + "\">"), "its sample: " + row);
        assertTrue(row.contains(first.get("failed") + " <small>" + Math.round(100 * ((Number) first.get("failure_rate")).doubleValue()) + "%</small>"), row);
        assertTrue(html.contains("<svg class=\"chart\" id=\"calls-per-tool\""), "calls per tool");
        assertTrue(html.contains("<svg class=\"chart\" id=\"error-rate-per-tool\""), "error rate per tool");
        // the chart's bars add up to every call of the sessions, subagents' too
        long calls = 0;
        for (Object s : Json.asArray(json("/api/sessions").get("sessions"))) {
            calls += ((Number) Json.asObject(s).get("tool_calls")).longValue();
        }
        String chart = html.substring(html.indexOf("id=\"calls-per-tool\""), html.indexOf("</svg>", html.indexOf("id=\"calls-per-tool\"")));
        long drawn = 0;
        for (String n : all(chart, "<g class=\"col\" data-label=\"[^\"]*\"><title>[^<]*?: ([0-9,]+)</title>")) {
            drawn += Long.parseLong(n.replace(",", ""));
        }
        assertEquals(calls, drawn, "calls per tool add up to the sessions' calls");
        String rates = html.substring(html.indexOf("id=\"error-rate-per-tool\""));
        assertTrue(rates.contains("<g class=\"col\" data-label=\"Bash\"><title>Bash: 33% (3 of 9 calls failed)</title>"),
                "a rate says what it is made of: " + rates);

        Map<String, Object> phases = json("/api/clusters?by=phase&fuzzy=2");
        assertEquals("phase", phases.get("by"));
        assertEquals(2, ((Number) phases.get("fuzzy")).intValue());
        String byPhase = markup(page("/clusters?by=phase&fuzzy=2"));
        assertTrue(byPhase.contains("<th class=\"num\">Phases</th>"), byPhase);
        assertTrue(byPhase.contains("signatures within 2 edits"), byPhase);
        assertTrue(byPhase.contains("<option value=\"phase\" selected>"), byPhase);
        assertEquals(1, Json.asArray(json("/api/clusters?limit=1").get("clusters")).size());
        assertEquals("invalid by 'nope' (use session or phase)\n", get("/api/clusters?by=nope").body());
        assertEquals(400, get("/clusters?fuzzy=-1").statusCode());
        assertEquals(400, get("/clusters?fuzzy=x").statusCode());
    }

    // ---- report ----

    @Test
    void report_showsTheCommandsTable_withItsTotalAndFlags() throws Exception {
        startAcross();
        Map<String, Object> api = json("/api/report");
        assertEquals("day", api.get("by"));
        List<Object> rows = Json.asArray(api.get("rows"));
        Map<String, Object> total = Json.asObject(api.get("total"));
        String html = markup(page("/report"));
        String body = html.substring(html.indexOf("<table class=\"grid report\">"), html.indexOf("</table>"));
        assertEquals(rows.size(), all(body.substring(body.indexOf("<tbody>"), body.indexOf("</tbody>")), "<tr>()").size());
        for (Object o : rows) {
            assertTrue(body.contains("<td class=\"key mono\">" + Json.asObject(o).get("key") + "</td>"), o.toString());
        }
        String foot = body.substring(body.indexOf("<tfoot>"));
        assertTrue(foot.contains("<th class=\"key\">Total</th><td class=\"num\">" + total.get("sessions") + "</td>"), foot);
        assertTrue(foot.contains(io.github.agentstrace.term.Units.count(((Number) total.get("tokens")).longValue())), foot);
        assertTrue(foot.contains(io.github.agentstrace.term.Units.usd(((Number) total.get("cost_usd")).doubleValue())), foot);
        assertTrue(total.get("estimate") != null && body.contains("<th class=\"num\">Estimate</th>"), "sessions without usage are estimated");
        assertTrue(html.contains("recorded no token usage: Estimate is a guess"), html);
        assertTrue(html.contains("<svg class=\"chart\" id=\"cost-per-day\""));
        assertTrue(html.contains("<svg class=\"chart\" id=\"tokens-by-model\""));
        assertTrue(html.contains("<a class=\"chip\" href=\"/report?by=day\" aria-current=\"page\">day</a>"), "the tab shown");

        for (String by : List.of("week", "month", "model", "project", "agent", "session", "branch")) {
            Map<String, Object> r = json("/api/report?by=" + by);
            assertEquals(by, r.get("by"));
            String p = markup(page("/report?by=" + by));
            String b = p.substring(p.indexOf("<tbody>"), p.indexOf("</tbody>"));
            assertEquals(Json.asArray(r.get("rows")).size(), all(b, "<tr>()").size(), by);
        }
        HttpResponse<String> bad = get("/api/report?by=year");
        assertEquals(400, bad.statusCode());
        assertEquals("invalid by 'year' (use day, week, month, session, model, project, branch, agent)\n", bad.body());
        assertEquals(400, get("/report?by=year").statusCode());
    }

    // ---- every page ----

    @Test
    void noSessions_saySo_insteadOfEmptyCharts() throws Exception {
        start(Files.createDirectories(dir.resolve("empty")));
        for (String target : List.of("/search", "/search?q=x", "/clusters", "/report")) {
            String html = markup(page(target));
            assertTrue(html.contains("No sessions yet."), target);
            assertFalse(html.contains("<svg"), target);
        }
        assertEquals(List.of(), Json.asArray(json("/api/search?q=x").get("hits")));
        assertEquals(0, ((Number) json("/api/clusters").get("items")).intValue());
        assertEquals(0, ((Number) Json.asObject(json("/api/report").get("total")).get("sessions")).intValue());
    }

    @Test
    void everyDashboardPage_hasTheNavigation_withItsOwnTabMarked() throws Exception {
        startAcross();
        Map<String, String> pages = Map.of("/", "Sessions", "/search", "Search", "/clusters", "Clusters", "/report", "Report");
        for (var e : pages.entrySet()) {
            String html = markup(page(e.getKey()));
            assertTrue(html.startsWith("<body>\n<nav class=\"nav\""), e.getKey());
            assertEquals(List.of("/", "/search", "/clusters", "/report"),
                    all(html.substring(html.indexOf("<span class=\"tabs\">")), "<a href=\"([^\"]+)\"").subList(0, 4), e.getKey());
            String nav = html.substring(0, html.indexOf("</nav>"));
            assertEquals(List.of(e.getValue()), all(nav, "aria-current=\"page\">([A-Za-z]+)</a>"), e.getKey());
        }
        String session = markup(page("/s/9cc82d8d0a3ce14b"));
        assertTrue(session.contains("<nav class=\"nav\""), "a session's page too");
        assertEquals(List.of(), all(session, "aria-current=\"page\">([A-Za-z]+)</a>"));
        String csp = get("/search?q=x").headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("form-action 'self'"), "the search form may submit to this server only: " + csp);
        String share = new Share().page(WebFixture.reading(WebFixture.EXAMPLES), "9cc82d8d0a3ce14b");
        assertFalse(share.contains("<nav class=\"nav\""), "a shared file has no dashboard to go to");
        assertTrue(share.contains("form-action &#39;none&#39;"), "nor a server to submit to");
    }
}
