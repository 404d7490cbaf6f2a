package io.github.agentstrace.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.transcript.TranscriptFixture;
import io.github.agentstrace.transcript.TranscriptImport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostReportTest {
    @TempDir
    Path tmp;

    private TraceStore imported() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        new TranscriptImport(store, Redactor.standard(), Ids.secure(), w -> { })
                .importFile(TranscriptFixture.write(tmp.resolve("claude")));
        return store;
    }

    @Test
    void cost_matchesHandComputedFigures() throws Exception {
        CostReport r = CostReport.of(imported(), TranscriptFixture.SESSION, PriceTable.load(null), "x", w -> { });
        // msg_A (sonnet 4.5): 10*3 + 120*15 + 1000*3.75 (5m write) + 20000*0.30 = 11,580 micro-dollars
        // msg_B (sonnet 4.5): 200*3 + 300*15 + 21000*0.30                     = 11,400
        // msg_C (haiku 4.5, subagent): 1000*1 + 100*5                         =  1,500
        assertEquals(0.024480, r.total().dollars(), 1e-9);
        assertEquals(3, r.total().turns());
        assertEquals(0.022980, r.byModel().get("claude-sonnet-4-5-20250929").dollars(), 1e-9);
        assertEquals(0.0015, r.byModel().get("claude-haiku-4-5-20251001").dollars(), 1e-9);
        assertEquals(1, r.bySubagent().size());
        assertEquals(0.0015, r.bySubagent().get(0).dollars(), 1e-9);
        assertEquals(1, r.byPrompt().size());
        assertEquals(0.024480, r.byPrompt().get(0).dollars(), 1e-9, "the subagent was spawned under prompt #1");
        assertFalse(r.estimated());
        assertTrue(r.unknownModels().isEmpty());
    }

    @Test
    void cost_splitsOneHourCacheWrites() {
        Price p = new Price(3, 15, 3.75, 6, 0.3);
        var u = new io.github.agentstrace.transcript.Usage(0, 0, 3000, 0, 1000, 2000);
        assertEquals((1000 * 3.75 + 2000 * 6) / 1e6, p.cost(u), 1e-12);
    }

    @Test
    void cost_listsUnknownModelsWithoutGuessing(@TempDir Path dir) {
        TraceStore store = new TraceStore(dir);
        store.create(SessionMeta.start("s1", 1, "x", ""), Redactor.disabled());
        try (SessionWriter w = store.writer("s1", Redactor.disabled())) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("model", "claude-sonnet-4-7");
            d.put("input_tokens", 100);
            d.put("output_tokens", 10);
            w.append(TraceEvent.of(EventType.LLM_RESPONSE, 2, "e1", "s1", null, null, d));
        }
        CostReport r = CostReport.of(store, "s1", PriceTable.load(null), "x", x -> { });
        assertEquals(0.0, r.total().dollars());
        assertFalse(r.total().priced());
        assertEquals(110L, r.unknownModels().get("claude-sonnet-4-7").total());
        String text = render(r);
        assertTrue(text.contains("Not priced"), text);
        assertTrue(text.contains("claude-sonnet-4-7"), text);
    }

    @Test
    void cost_userPriceFileOverridesAndExtends(@TempDir Path dir) throws Exception {
        Path prices = dir.resolve("p.json");
        Files.writeString(prices, "{\"models\":{\"my-model\":{\"input\":1,\"output\":2}}}");
        PriceTable t = PriceTable.load(prices);
        var u = new io.github.agentstrace.transcript.Usage(1_000_000, 1_000_000, 0, 0, 0, 0);
        assertEquals(3.0, t.find("my-model").orElseThrow().cost(u), 1e-9);
        assertTrue(t.find("claude-opus-4-5-20251101").isPresent(), "built-in prices are still there");
        assertEquals(5.0, t.find("anthropic/claude-opus-4-5[1m]").orElseThrow().input());
        assertEquals(2.5, t.find("gpt-4o-2024-08-06").orElseThrow().input());
    }

    @Test
    void priceFile_errorsAreClear(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"models\": {\"m\": {\"input\": \"cheap\"}}}");
        var e = assertThrows(IllegalArgumentException.class, () -> PriceTable.load(bad));
        assertTrue(e.getMessage().contains("'m' needs numeric input and output"), e.getMessage());
        Files.writeString(bad, "{not json");
        e = assertThrows(IllegalArgumentException.class, () -> PriceTable.load(bad));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void cost_withoutUsageIsALabelledEstimate(@TempDir Path dir) {
        TraceStore store = new TraceStore(dir);
        store.create(SessionMeta.start("s2", 1, "x", ""), Redactor.disabled());
        try (SessionWriter w = store.writer("s2", Redactor.disabled())) {
            w.append(TraceEvent.of(EventType.USER_PROMPT, 2, "e1", "s2", null, null, Map.of("prompt", "x".repeat(400))));
        }
        CostReport r = CostReport.of(store, "s2", PriceTable.load(null), "claude-sonnet-4-5", x -> { });
        assertTrue(r.estimated());
        assertEquals(103L, r.total().usage().inputTokens(), "(400 chars + JSON around it) / 4");
        assertTrue(render(r).contains("ESTIMATE"));
        assertEquals(Boolean.TRUE, r.toJson().get("estimated"));
    }

    private static String render(CostReport r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        r.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), new Ansi(false));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
