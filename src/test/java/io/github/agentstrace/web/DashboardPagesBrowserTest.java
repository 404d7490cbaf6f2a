package io.github.agentstrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.session.McpToolName;
import io.github.agentstrace.store.TraceStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's search, clusters and report pages in a real browser, over the sample sessions and the
 * original's fixtures: they render without a console error, the search form narrows the hits, each chart has
 * one bar per day, model or tool; screenshots (desktop, phone, dark) go to target/web.
 */
class DashboardPagesBrowserTest {
    @TempDir
    static Path dir;

    private static Chromium browser;
    private static Dashboard dashboard;
    private static Path traces;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Chromium.require("DashboardPagesBrowserTest");
        traces = WebFixture.across(dir.resolve("traces"));
        dashboard = Dashboard.start(new Dashboard.Settings("127.0.0.1", 0, new TraceStore(traces),
                () -> WebFixture.reading(traces), w -> { }, 20, WebFixture.HOME));
        base = "http://127.0.0.1:" + dashboard.port();
        browser = Chromium.launch();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
    }

    private static void open(String path) throws Exception {
        browser.open(base + path);
        browser.until("the page " + path, "document.body.dataset.ready === 'true'");
    }

    private static Map<String, Object> api(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return Json.asObject(Json.parse(r.body()));
    }

    @Test
    void threePages_renderCleanly_inEveryLook() throws Exception {
        Map<String, String> pages = Map.of("search", "/search?q=" + Frame.query("type:error"), "clusters", "/clusters",
                "report", "/report");
        for (var page : pages.entrySet()) {
            browser.errors.clear();
            browser.viewport(1280, 1000, false);
            open(page.getValue());
            assertEquals("page", browser.eval("document.querySelector('.nav a[aria-current]') ? 'page' : 'none'"));
            assertEquals(page.getKey(), ((String) browser.eval("document.querySelector('.nav a[aria-current]').textContent"))
                    .toLowerCase());
            browser.screenshot(WebFixture.ARTIFACTS.resolve("serve-" + page.getKey() + "-desktop.png"));
            browser.viewport(390, 844, true);
            open(page.getValue());
            assertTrue(browser.number("document.documentElement.scrollWidth") <= 390,
                    page.getKey() + ": nothing wider than a phone (tables and charts scroll in their box)");
            browser.screenshot(WebFixture.ARTIFACTS.resolve("serve-" + page.getKey() + "-phone.png"));
            browser.viewport(1280, 1000, false);
            browser.call("Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            open(page.getValue());
            browser.screenshot(WebFixture.ARTIFACTS.resolve("serve-" + page.getKey() + "-dark.png"));
            browser.call("Emulation.setEmulatedMedia", Map.of("features", List.of()));
            assertEquals(List.of(), browser.errors, page.getKey() + ": console errors");
        }
    }

    @Test
    void searchForm_narrowsTheHits() throws Exception {
        browser.errors.clear();
        browser.viewport(1280, 1000, false);
        open("/search");
        assertEquals(0L, browser.number("document.querySelectorAll('tr.hit').length"));
        browser.click("#q");
        browser.type("type:error");
        browser.click("button[type=submit]");
        browser.until("the hits of type:error", "location.search.includes('q=type') && document.body.dataset.ready === 'true'"
                + " && document.querySelectorAll('tr.hit').length > 0");
        long errors = ((List<?>) api("/api/search?q=" + Frame.query("type:error")).get("hits")).size();
        assertEquals(errors, browser.number("document.querySelectorAll('tr.hit').length"));
        browser.eval("document.querySelector('#q').select()");
        browser.type("type:error tool:Bash");
        browser.click("button[type=submit]");
        browser.until("the narrower hits", "decodeURIComponent(location.search.replace(/\\+/g, ' ')).includes('tool:Bash')"
                + " && document.body.dataset.ready === 'true'");
        long bash = browser.number("document.querySelectorAll('tr.hit').length");
        assertTrue(bash > 0 && bash < errors, bash + " of " + errors);
        assertEquals(bash, browser.number("[...document.querySelectorAll('tr.hit td.tool')].filter(t => t.textContent === 'Bash').length"));
        browser.screenshot(WebFixture.ARTIFACTS.resolve("serve-search-narrowed.png"));
        browser.eval("document.querySelector('#q').select()");
        browser.type("\"unclosed");
        browser.click("button[type=submit]");
        browser.until("the error line", "document.querySelector('#error')");
        assertEquals("invalid query: unterminated phrase \"unclosed (close it with \")",
                browser.eval("document.querySelector('#error').textContent"));
        assertEquals(List.of(), browser.errors, "console errors");
    }

    @Test
    void reportCharts_oneBarPerDayAndModel() throws Exception {
        browser.viewport(1280, 1000, false);
        open("/report");
        List<Object> days = Json.asArray(api("/api/report?by=day").get("rows"));
        LocalDate first = LocalDate.parse((String) Json.asObject(days.get(0)).get("key"));
        LocalDate last = LocalDate.parse((String) Json.asObject(days.get(days.size() - 1)).get("key"));
        long span = ChronoUnit.DAYS.between(first, last) + 1;
        assertTrue(days.size() >= 2, "the fixtures span several days: " + days);
        assertEquals(span, browser.number("document.querySelectorAll('#cost-per-day g.col').length"), "a bar per day, empty days too");
        assertEquals(first.toString(), browser.eval("document.querySelector('#cost-per-day g.col').dataset.label"));
        long models = Json.asArray(api("/api/report?by=model").get("rows")).stream()
                .filter(r -> ((Number) Json.asObject(r).get("tokens")).longValue() > 0).count();
        assertEquals(models, browser.number("document.querySelectorAll('#tokens-by-model g.col').length"), "a bar per model");
        // the total row is the report's
        Map<String, Object> total = Json.asObject(api("/api/report?by=day").get("total"));
        assertEquals(String.valueOf(total.get("sessions")), browser.eval("document.querySelector('tfoot th.key').nextElementSibling.textContent"));
        for (String by : List.of("week", "month", "model", "project", "agent")) {
            open("/report?by=" + by);
            long rows = Json.asArray(api("/api/report?by=" + by).get("rows")).size();
            assertEquals(rows, browser.number("document.querySelectorAll('table.report tbody tr').length"), by);
        }
    }

    @Test
    void clustersCharts_oneBarPerTool() throws Exception {
        browser.viewport(1280, 1000, false);
        open("/clusters");
        // every tool a call named in the files, as the page names it
        Set<String> tools = new TreeSet<>();
        try (Stream<Path> sessions = Files.list(traces)) {
            for (Path s : sessions.toList()) {
                for (String line : Files.readAllLines(s.resolve("events.ndjson"))) {
                    if (line.isBlank()) {
                        continue;
                    }
                    Map<String, Object> e = Json.asObject(Json.parse(line));
                    Object data = e.get("data");
                    if ("tool_call".equals(e.get("event_type")) && data instanceof Map<?, ?> d && d.get("tool_name") != null) {
                        tools.add(McpToolName.display((String) d.get("tool_name")));
                    }
                }
            }
        }
        @SuppressWarnings("unchecked")
        List<String> bars = new ArrayList<>((List<String>) browser.eval("[...document.querySelectorAll('#calls-per-tool g.col')].map(g => g.dataset.label)"));
        assertEquals(tools, new TreeSet<>(bars), "one bar per tool");
        assertEquals(tools.size(), bars.size(), "one bar per tool");
        assertEquals((long) bars.size(), browser.number("document.querySelectorAll('#error-rate-per-tool g.col').length"));
        long clusters = ((Number) api("/api/clusters").get("clusters_total")).longValue();
        assertEquals(clusters, browser.number("document.querySelectorAll('tr.cluster').length"));
    }

    @Test
    void allDirectories_listBoth_andEachRowOpensItsOwnSession() throws Exception {
        WebFixture.TwoDirs two = WebFixture.twoDirs(dir.resolve("all"));
        try (Dashboard all = Dashboard.start(new Dashboard.Settings("127.0.0.1", 0, two.dirs(), two.selection(),
                s -> WebFixture.reading(s.root()), w -> { }, 20, dir.resolve("all")))) {
            browser.errors.clear();
            browser.viewport(1280, 1000, false);
            browser.open("http://127.0.0.1:" + all.port() + "/");
            browser.until("the sessions", "document.body.dataset.ready === 'true'");
            assertEquals("2 trace directories", browser.eval("document.querySelector('.nav .dir').textContent"));
            assertTrue(((String) browser.eval("document.querySelector('table.sessions thead').textContent")).contains("Project"));
            assertEquals(Set.of("~/alpha", "~/beta"), new TreeSet<>((List<?>) browser.eval(
                    "[...new Set([...document.querySelectorAll('tr.s td')].map(td => td.textContent)"
                    + ".filter(t => t.startsWith('~/')))]")));
            assertEquals(2L, browser.number("document.querySelectorAll('tr.s[data-id=\"" + WebFixture.SHARED + "\"]').length"),
                    "the id both directories hold: a row each");
            browser.screenshot(WebFixture.ARTIFACTS.resolve("serve-all-sessions.png"));
            browser.click("tr.s[data-id=\"" + WebFixture.SHARED + "\"][data-dir=\"1\"] td.first");
            browser.until("beta's session", "location.search === '?d=1' && document.body.dataset.ready === 'true'");
            assertTrue(((String) browser.eval("document.body.textContent")).contains(WebFixture.BETA_AGENT),
                    "the row opened beta's session, not alpha's of the same id");
            assertEquals(List.of(), browser.errors, "console errors");
        }
    }

    @Test
    void fourHundredDays_andOneDay_stayReadable() throws Exception {
        Path many = dir.resolve("many");
        for (int d = 0; d < 400; d++) {
            String id = String.format("d%015d", d);
            double t = 1764547200.0 + d * 86400.0; // 2025-12-01, a day apart
            WebFixture.session(many, id, d % 3 == 0 ? "claude-code" : "codex", List.of(
                    WebFixture.event("user_prompt", t, id + "p", id, null, Map.of("prompt", "day " + d)),
                    WebFixture.event("llm_response", t + 1, id + "r", id, null, Map.of("model",
                            d % 2 == 0 ? "claude-sonnet-4-5" : "claude-opus-4-1", "input_tokens", 1000 + d * 10,
                            "output_tokens", 200 + d))));
            Files.writeString(many.resolve(id).resolve("meta.json"), Files.readString(many.resolve(id).resolve("meta.json"))
                    .replace("1795477000", String.valueOf((long) t)));
        }
        try (Dashboard big = Dashboard.start(new Dashboard.Settings("127.0.0.1", 0, new TraceStore(many),
                () -> WebFixture.reading(many), w -> { }, 20, WebFixture.HOME))) {
            browser.errors.clear();
            browser.viewport(1280, 1000, false);
            browser.open("http://127.0.0.1:" + big.port() + "/report");
            browser.until("the report", "document.body.dataset.ready === 'true'");
            long columns = browser.number("document.querySelectorAll('#cost-per-day g.col').length");
            assertTrue(columns <= SvgChart.MAX_BARS && columns >= 100, columns + " columns for 400 days");
            assertTrue(((String) browser.eval("document.querySelector('#cost-per-day').parentNode.textContent"))
                    .contains("400 bars, drawn 4 to a column"));
            assertEquals(List.of(), browser.errors, "console errors");
            browser.screenshot(WebFixture.ARTIFACTS.resolve("serve-report-400-days.png"));
        }
        Path one = dir.resolve("one");
        WebFixture.copy(WebFixture.EXAMPLES.resolve("0564716b-912c-48"), one.resolve("0564716b-912c-48"));
        try (Dashboard single = Dashboard.start(new Dashboard.Settings("127.0.0.1", 0, new TraceStore(one),
                () -> WebFixture.reading(one), w -> { }, 20, WebFixture.HOME))) {
            browser.open("http://127.0.0.1:" + single.port() + "/report");
            browser.until("the report", "document.body.dataset.ready === 'true'");
            assertEquals(1L, browser.number("document.querySelectorAll('#cost-per-day g.col').length"));
            assertTrue(browser.number("document.querySelector('#cost-per-day rect.s0').getBoundingClientRect().width") < 80,
                    "one bar is a bar, not a wall");
            browser.screenshot(WebFixture.ARTIFACTS.resolve("serve-report-1-day.png"));
        }
    }
}
