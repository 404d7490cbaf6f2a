package io.github.agentstrace.mcpserver;

import static io.github.agentstrace.mcpserver.Harness.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.analysis.Clusters;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.term.Ansi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code search} and {@code clusters}: what the commands say, paged and sized like the other tools. */
class SearchClustersToolTest {
    private final Harness examples = new Harness(Harness.EXAMPLES);

    @Test
    void search_findsTheEventsTheQueryNames_withTheirNumbers() {
        Map<String, Object> s = examples.structured("search", args("query", "type:error"));
        List<Object> hits = Json.asArray(s.get("hits"));
        assertFalse(hits.isEmpty());
        for (Object o : hits) {
            Map<String, Object> h = Json.asObject(o);
            assertEquals("error", h.get("type"));
            assertTrue(((Number) h.get("event")).longValue() > 0);
        }
        assertNull(s.get("next_cursor"));
    }

    @Test
    void search_pagesWithACursor_withoutLosingOrRepeatingAHit() {
        List<Object> all = Json.asArray(examples.structured("search", args("query", "type:tool_call", "limit", 100)).get("hits"));
        assertTrue(all.size() >= 3, "enough calls in the examples: " + all.size());
        List<Object> paged = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> a = args("query", "type:tool_call", "limit", 2);
            if (cursor != null) {
                a.put("cursor", cursor);
            }
            Map<String, Object> page = examples.structured("search", a);
            paged.addAll(Json.asArray(page.get("hits")));
            cursor = (String) page.get("next_cursor");
        } while (cursor != null);
        assertEquals(Json.write(all), Json.write(paged));
    }

    @Test
    void search_aBadQueryOrACursorOfAnotherQuery_isAnErrorResult() {
        assertTrue(examples.toolError("search", args("query", "\"unclosed")).startsWith("search: invalid query:"));
        String cursor = (String) examples.structured("search", args("query", "type:tool_call", "limit", 1)).get("next_cursor");
        assertNotNull(cursor);
        assertTrue(examples.toolError("search", args("query", "type:error", "cursor", cursor)).startsWith("search:"));
    }

    @Test
    void search_textIsOneLinePerHit() {
        Map<String, Object> r = examples.call("search", args("query", "type:error"));
        int hits = Json.asArray(Json.asObject(r.get("structuredContent")).get("hits")).size();
        assertEquals(hits, Harness.text(r).split("\n").length);
    }

    @Test
    void clusters_isTheClustersReport() {
        for (String by : List.of("session", "phase")) {
            Reading reading = examples.traces.reading();
            Clusters.Collector collector = new Clusters.Collector();
            List<Clusters.Item> items = new ArrayList<>();
            List<SessionMeta> top = new ArrayList<>(SessionFacts.topLevel(reading.tree()));
            top.sort((a, b) -> a.startedAt() != b.startedAt() ? Double.compare(b.startedAt(), a.startedAt())
                    : b.sessionId().compareTo(a.sessionId()));
            for (SessionMeta m : top) {
                SessionView view = reading.read(m.sessionId(), true, true, collector);
                items.addAll(collector.items(view, by.equals("phase")));
            }
            Clusters expected = Clusters.of(items, by.equals("phase"), 0);
            Map<String, Object> r = examples.call("clusters", args("by", by));
            assertEquals(Json.write(Harness.asSent(expected.toJson(10))), Json.write(r.get("structuredContent")));
            assertEquals(expected.text(new Ansi(false), Tool.WIDTH, 10), Harness.text(r));
        }
    }

    @Test
    void clusters_limitCapsTheGroupsListed_andSaysHowManyThereAre() {
        Map<String, Object> s = examples.structured("clusters", args("by", "phase", "limit", 1));
        assertEquals(1, Json.asArray(s.get("clusters")).size());
        assertTrue(((Number) s.get("clusters_total")).intValue() >= 1);
    }
}
