package io.github.agentstrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.SessionView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code share} pages in a real headless Chromium: what a person sees, and that the page does nothing else. */
class ShareBrowserTest {
    private static Chromium browser;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Chromium.require("ShareBrowserTest");
        browser = Chromium.launch();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    private String open(Path traces, String id, Path file) throws Exception {
        String html = new Share().page(WebFixture.reading(traces), id);
        Files.createDirectories(file.getParent());
        Files.writeString(file, html, StandardCharsets.UTF_8);
        browser.errors.clear();
        browser.requests.clear();
        browser.dialogs.clear();
        browser.viewport(1280, 800, false);
        browser.open(file.toUri().toString());
        browser.until("the page to render", "document.body.dataset.ready === 'true'");
        return html;
    }

    @Test
    void samplePages_renderCleanly_oneBarPerCall_noRequest_screenshots() throws Exception {
        for (String id : WebFixture.exampleIds()) {
            Path file = WebFixture.ARTIFACTS.resolve(id + ".html");
            String html = open(WebFixture.EXAMPLES, id, file);
            SessionView view = WebFixture.reading(WebFixture.EXAMPLES).read(id, true, false, SessionListener.NONE);
            // one bar per call of the whole tree (calls whose answer came without them included)
            long calls = view.tree().toolCalls() + view.tree().unmatched();
            long rows = Json.asArray(WebFixture.dataOf(html).get("rows")).stream()
                    .filter(r -> "c".equals(Json.asArray(r).get(0))).count();
            assertEquals(calls, rows, id + ": one row per call");
            assertEquals(calls, browser.number("document.querySelectorAll('.bar.call').length"), id + ": one bar per call");
            assertEquals(view.tree().toolCalls(), browser.number("parseInt(document.querySelectorAll('.stat .v')[2].textContent, 10)"),
                    id + ": the header's calls are the model's");
            assertEquals(List.of(), browser.errors, id + ": console errors");
            assertEquals(List.of(file.toUri().toString()), browser.requests, id + ": the page must request nothing but itself");
            browser.screenshot(WebFixture.ARTIFACTS.resolve("share-" + id + "-desktop.png"));
            if (calls > 0) {
                browser.click(browser.number("document.querySelectorAll('.bar.call.failed').length") > 0 ? ".bar.call.failed" : ".bar.call");
                browser.until("the call's details", "document.querySelector('.detail h3')");
                browser.eval("window.scrollTo(0, 0)");
                browser.screenshot(WebFixture.ARTIFACTS.resolve("share-" + id + "-call.png"));
            }
            browser.viewport(390, 844, true);
            browser.open(file.toUri().toString());
            browser.until("the page to render", "document.body.dataset.ready === 'true'");
            assertEquals(List.of(), browser.errors, id + ": console errors on a phone");
            browser.screenshot(WebFixture.ARTIFACTS.resolve("share-" + id + "-phone.png"));
            if (calls > 0) {
                browser.click(".row.call[data-row] .tool");
                browser.until("the call over the list", "document.querySelector('.detail.open h3')");
                browser.screenshot(WebFixture.ARTIFACTS.resolve("share-" + id + "-phone-call.png"));
                browser.click(".detail .close");
                browser.until("the list again", "!document.querySelector('.detail.open')");
            }
            browser.viewport(1280, 800, false);
            browser.call("Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            browser.open(file.toUri().toString());
            browser.until("the page to render", "document.body.dataset.ready === 'true'");
            browser.screenshot(WebFixture.ARTIFACTS.resolve("share-" + id + "-dark.png"));
            browser.call("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    @Test
    void clickingABar_showsItsCall() throws Exception {
        open(WebFixture.EXAMPLES, "ec60f27c-f718-4d", dir.resolve("p.html"));
        browser.click(".bar.call.failed");
        browser.until("the call's details", "document.querySelector('.detail h3')");
        assertEquals("Bash", browser.eval("document.querySelector('.detail h3').textContent"));
        String detail = (String) browser.eval("document.querySelector('.detail').textContent");
        assertTrue(detail.contains("$ exit 3"), detail);
        assertTrue(detail.contains("Exit code 3"), detail);
        assertEquals(1L, browser.number("document.querySelectorAll('.row.sel').length"), "its row is selected in the list");
        browser.click(".row.call[data-row] .tool");
        String other = (String) browser.eval("document.querySelector('.detail h3').textContent");
        assertNotEquals("", other);
        assertEquals(List.of(), browser.errors);
    }

    @Test
    void filtersAndSearch_narrowTheView() throws Exception {
        open(WebFixture.EXAMPLES, "ec60f27c-f718-4d", dir.resolve("p.html"));
        long all = browser.number("document.querySelectorAll('.row[data-row]').length");
        browser.click(".chip[data-class='error']");
        browser.until("the filter", "document.querySelector('.count').textContent.includes('of')");
        List<?> failed = (List<?>) browser.eval("[...document.querySelectorAll('.row[data-row]')].map(r => r.className)");
        assertEquals(1, failed.size(), String.valueOf(failed));
        assertTrue(String.valueOf(failed.get(0)).contains("failed"), String.valueOf(failed));
        browser.click(".chip[data-class='error']");
        browser.click(".chip[data-class='shell']");
        List<?> shell = (List<?>) browser.eval("[...document.querySelectorAll('.row[data-row] .tool')].map(t => t.textContent)");
        assertEquals(4, shell.size(), "4 Bash calls, subagent's included: " + shell);
        shell.forEach(t -> assertEquals("Bash", t));
        browser.click(".chip[data-class='shell']");
        browser.click("#search");
        browser.type("notes.md");
        browser.until("the search", "document.querySelector('.count').textContent.includes('of')");
        List<?> hits = (List<?>) browser.eval("[...document.querySelectorAll('.row[data-row]')].map(r => r.textContent)");
        assertTrue(hits.size() >= 2 && hits.size() < all, hits.size() + " of " + all + ": " + hits);
        hits.forEach(h -> assertTrue(String.valueOf(h).contains("notes.md") || String.valueOf(h).contains("#"), String.valueOf(h)));
        assertEquals(List.of(), browser.errors);
    }

    @Test
    void keyboard_movesThroughTheCalls() throws Exception {
        open(WebFixture.EXAMPLES, "9cc82d8d0a3ce14b", dir.resolve("p.html"));
        browser.key("j");
        browser.until("a selection", "document.querySelector('.row.sel')");
        assertTrue(((String) browser.eval("document.querySelector('.row.sel').className")).contains("phase"));
        browser.key("j");
        browser.key("j");
        Object second = browser.eval("document.querySelector('.row.sel').dataset.row");
        browser.key("e");
        String error = (String) browser.eval("document.querySelector('.row.sel').className");
        assertTrue(error.contains("failed"), error);
        browser.key("k");
        assertNotEquals(second, browser.eval("document.querySelector('.row.sel') && document.querySelector('.row.sel').className"));
        assertEquals(List.of(), browser.errors);
    }

    @Test
    void hostileContent_nothingExecutes() throws Exception {
        String sid = "hostile0000000001";
        String script = "</script><script>window.__pwned=1;alert(1)</script>";
        String output = script + " <!-- <script>window.__pwned=2</script> \u2028 \u2029 lone \ud800 and \udfff end"
                + " <img src=x onerror=\"window.__pwned=3;alert(3)\"> </SCRIPT ><script>alert(4)</script>";
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(WebFixture.event("session_start", 1795477000.0, "e1", sid, null, Map.of("mode", "test")));
        events.add(WebFixture.event("user_prompt", 1795477001.0, "e2", sid, null, Map.of("prompt", output)));
        events.add(WebFixture.event("tool_call", 1795477002.0, "e3", sid, null, Map.of("tool_name", "Bash",
                "arguments", Map.of("command", "echo '" + script + "'"))));
        events.add(WebFixture.event("tool_result", 1795477003.0, "e4", sid, "e3", Map.of("tool_name", "Bash",
                "result", Map.of("stdout", output, "stderr", ""))));
        events.add(WebFixture.event("tool_call", 1795477004.0, "e5", sid, null, Map.of("tool_name",
                "<img src=x onerror=alert(5)>", "arguments", Map.of("<b onmouseover=alert(6)>k</b>", output))));
        events.add(WebFixture.event("error", 1795477005.0, "e6", sid, "e5", Map.of("error", output)));
        events.add(WebFixture.event("assistant_response", 1795477006.0, "e7", sid, null, Map.of("text", output)));
        events.add(WebFixture.event("session_end", 1795477007.0, "e8", sid, null, Map.of("exit_code", 0)));
        Path traces = dir.resolve("traces");
        WebFixture.session(traces, sid, "<script>alert(7)</script>", events);

        String html = open(traces, sid, WebFixture.ARTIFACTS.resolve("hostile.html"));
        String lower = html.toLowerCase(Locale.ROOT);
        assertEquals(2, count(lower, "<script"), "only the page's own two script elements");
        assertEquals(2, count(lower, "</script"), "no data closes a script element");
        assertFalse(lower.contains("<!--"), "no comment opener in the page");
        assertFalse(html.contains("\u2028") || html.contains("\u2029"), "line separators escaped");

        // look at everything: the prompt, both calls and the answer, so that every text is in the DOM once
        for (String selector : List.of(".row.phase", ".row.call[data-row]", ".row.call.failed", ".row.answer")) {
            browser.click(selector);
        }
        browser.click(".bar.call");
        browser.click("#search");
        browser.type("onerror");
        browser.until("the search", "document.querySelector('.count').textContent.includes('of')");
        assertEquals(List.of(), browser.dialogs, "no alert");
        assertEquals(null, browser.eval("window.__pwned === undefined ? null : window.__pwned"));
        assertEquals(List.of(), browser.errors, "no console errors (a blocked inline script would show as one)");
        assertEquals(0L, browser.number("document.querySelectorAll('img, [onerror], [onmouseover]').length"),
                "no element from data");
        // and the text arrives whole: what the tool printed is what the page shows
        browser.click(".chip[data-class='shell']");
        browser.click(".row.call[data-row]");
        String shown = (String) browser.eval("[...document.querySelectorAll('.detail pre')].map(p => p.textContent).join('\\n')");
        assertTrue(shown.contains(script + " <!-- <script>window.__pwned=2</script> \u2028 \u2029 lone "), shown);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int at = s.indexOf(what); at >= 0; at = s.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }
}
