package io.github.agentstrace.mcpserver;

import static io.github.agentstrace.mcpserver.Harness.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paging with opaque cursors: following next_cursor visits every item once, in order, and ends with null; a
 * cursor is refused by another list or with other filters; resources/list pages by 50.
 */
class PagingTest {
    static final int SESSIONS = 120;

    @TempDir
    static Path dir;

    @BeforeAll
    static void manySessions() {
        for (int i = 0; i < SESSIONS; i++) {
            try (Recorded r = new Recorded(dir, String.format("s%03d", i), Recorded.T0 + i * 60, i % 2 == 0 ? "even" : "odd")) {
                r.prompt("task " + i);
                for (int c = 0; c < i % 4; c++) {
                    r.bash("step " + c, c == 1 ? 1 : 0, "output " + c);
                }
            }
        }
    }

    private final Harness h = new Harness(dir);

    @Test
    void listSessions_followingCursorsVisitsEverySessionOnce() {
        List<String> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> page = h.structured("list_sessions", cursor == null ? args("limit", 7)
                    : args("limit", 7, "cursor", cursor));
            List<String> ids = ToolsTest.ids(page);
            assertTrue(ids.size() <= 7);
            all.addAll(ids);
            cursor = (String) page.get("next_cursor");
            pages++;
        } while (cursor != null);
        assertEquals(18, pages); // 120 / 7, rounded up
        List<String> expected = new ArrayList<>();
        for (int i = SESSIONS - 1; i >= 0; i--) {
            expected.add(String.format("s%03d", i));
        }
        assertEquals(expected, all);
    }

    @Test
    void listSessions_pagesOfAFilteredList() {
        List<String> all = new ArrayList<>();
        Map<String, Object> first = args("agent", "odd", "errors_only", true, "limit", 10);
        String cursor = null;
        do {
            Map<String, Object> a = new java.util.LinkedHashMap<>(first);
            if (cursor != null) {
                a.put("cursor", cursor);
            }
            Map<String, Object> page = h.structured("list_sessions", a);
            all.addAll(ToolsTest.ids(page));
            cursor = (String) page.get("next_cursor");
        } while (cursor != null);
        // Odd sessions with a failing call: i % 4 == 3 (calls 0, 1, 2; call 1 fails).
        List<String> expected = new ArrayList<>();
        for (int i = SESSIONS - 1; i >= 0; i--) {
            if (i % 4 == 3) {
                expected.add(String.format("s%03d", i));
            }
        }
        assertEquals(expected, all);
    }

    @Test
    void aCursorFromOtherFiltersOrAnotherTool_isRefused() {
        String cursor = (String) h.structured("list_sessions", args("limit", 1)).get("next_cursor");
        assertEquals("list_sessions: this cursor belongs to a query with other arguments; repeat the call with the"
                        + " arguments of the first page, or leave the cursor out to start again",
                h.toolError("list_sessions", args("limit", 1, "agent", "odd", "cursor", cursor)));
        String invalid = "list_sessions: invalid cursor: pass the next_cursor of the previous page unchanged, or"
                + " leave it out for the first page";
        assertEquals(invalid, h.toolError("list_sessions", args("cursor", "not a cursor!")));
        assertEquals(invalid.replace("list_sessions", "get_session"), h.toolError("get_session",
                args("session_id", "s119", "cursor", cursor)));
        String backwards = Cursor.encode("list_sessions", "null|null|false", -5);
        assertEquals(invalid, h.toolError("list_sessions", args("cursor", backwards)));
    }

    @Test
    void getSession_pagesThroughEveryEventInOrder() {
        List<Long> numbers = new ArrayList<>();
        List<String> types = new ArrayList<>();
        String cursor = null;
        long total = -1;
        do {
            Map<String, Object> page = h.structured("get_session", cursor == null ? args("session_id", "s003", "limit", 2)
                    : args("session_id", "s003", "limit", 2, "cursor", cursor));
            total = ((Number) page.get("events_total")).longValue();
            for (Object e : Json.asArray(page.get("events"))) {
                numbers.add(((Number) Json.asObject(e).get("number")).longValue());
                types.add((String) Json.asObject(e).get("event_type"));
            }
            cursor = (String) page.get("next_cursor");
        } while (cursor != null);
        assertEquals(7, total);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), numbers);
        assertEquals(List.of("user_prompt", "tool_call", "tool_result", "tool_call", "tool_result", "tool_call",
                "tool_result"), types);
    }

    @Test
    void getSession_aPageEndsEarlyWhenItWouldGrowTooLarge(@TempDir Path big) {
        try (Recorded r = new Recorded(big, "wordy", Recorded.T0, "agent")) {
            r.prompt("go");
            for (int i = 0; i < 60; i++) {
                r.bash("cat part" + i, 0, ("part " + i + " ").repeat(1000));
            }
        }
        Harness wordy = new Harness(big);
        List<Long> numbers = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> page = wordy.structured("get_session", cursor == null ? args("limit", 200)
                    : args("limit", 200, "cursor", cursor));
            List<Object> events = Json.asArray(page.get("events"));
            sizes.add(Json.write(events).length());
            events.forEach(e -> numbers.add(((Number) Json.asObject(e).get("number")).longValue()));
            cursor = (String) page.get("next_cursor");
        } while (cursor != null);
        assertEquals(121, numbers.size());
        for (int i = 0; i < numbers.size(); i++) {
            assertEquals(i + 1, numbers.get(i), "every event once, in order");
        }
        assertTrue(sizes.size() > 1, "more than one page: " + sizes);
        assertTrue(sizes.stream().allMatch(n -> n <= PageBudget.CHARS + 200), sizes.toString());
    }

    @Test
    void getSession_aCursorIsBoundToItsSession() {
        String cursor = (String) h.structured("get_session", args("session_id", "s003", "limit", 2)).get("next_cursor");
        assertTrue(h.toolError("get_session", args("session_id", "s007", "cursor", cursor))
                .contains("this cursor belongs to a query with other arguments"));
    }

    @Test
    void recentFailures_pages() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> page = h.structured("recent_failures", cursor == null ? args("sessions", 20, "limit", 2)
                    : args("sessions", 20, "limit", 2, "cursor", cursor));
            for (Object f : Json.asArray(page.get("failures"))) {
                seen.add(Json.asObject(f).get("session_id") + "#" + Json.asObject(f).get("event"));
            }
            cursor = (String) page.get("next_cursor");
        } while (cursor != null);
        // The 20 newest sessions (s100..s119) fail when i % 4 is 2 or 3: the result of their second call, event 5.
        List<String> expected = new ArrayList<>();
        for (int i = SESSIONS - 1; i >= SESSIONS - 20; i--) {
            if (i % 4 >= 2) {
                expected.add(String.format("s%03d#5", i));
            }
        }
        assertEquals(expected, seen);
    }

    @Test
    void resourcesList_pagesByFifty() {
        List<String> uris = new ArrayList<>();
        Map<String, Object> page = h.result("resources/list", null);
        List<Integer> sizes = new ArrayList<>();
        while (true) {
            List<Object> rs = Json.asArray(page.get("resources"));
            sizes.add(rs.size());
            rs.forEach(r -> uris.add((String) Json.asObject(r).get("uri")));
            if (page.get("nextCursor") == null) {
                assertTrue(!page.containsKey("nextCursor"), "no nextCursor key on the last page");
                break;
            }
            page = h.result("resources/list", args("cursor", page.get("nextCursor")));
        }
        assertEquals(List.of(50, 50, 20), sizes);
        assertEquals(SESSIONS, uris.stream().distinct().count());
        assertEquals("agent-strace://session/s119", uris.get(0));
    }

    @Test
    void resourcesList_aBadCursor_isInvalidParams() {
        Map<String, Object> e = h.error("resources/list", args("cursor", "xyz"));
        assertEquals(-32602, ((Number) e.get("code")).intValue());
        assertTrue(((String) e.get("message")).startsWith("invalid cursor"));
    }
}
