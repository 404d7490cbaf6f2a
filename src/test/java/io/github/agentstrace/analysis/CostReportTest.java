package io.github.agentstrace.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.session.SizeEstimate;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import io.github.agentstrace.transcript.TranscriptFixture;
import io.github.agentstrace.transcript.TranscriptImport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostReportTest {
    private static final PriceTable PRICES = PriceTable.load(null);

    @TempDir
    Path tmp;

    private static CostReport report(TraceStore store, String id) {
        SizeEstimate size = new SizeEstimate();
        SessionView view = new Reading(store, PRICES, w -> { }, m -> false).read(id, true, true, size);
        return CostReport.of(view, PRICES, size, "claude-sonnet-4-5");
    }

    @Test
    void cost_matchesHandComputedFigures() throws Exception {
        TraceStore store = new TraceStore(tmp.resolve("traces"));
        new TranscriptImport(store, Redactor.standard(), Ids.secure(), w -> { })
                .importFile(TranscriptFixture.write(tmp.resolve("claude")));
        CostReport r = report(store, TranscriptFixture.SESSION);
        // msg_A (sonnet 4.5): 10*3 + 120*15 + 1000*3.75 (5m write) + 20000*0.30 = 11,580 micro-dollars
        // msg_B (sonnet 4.5): 200*3 + 300*15 + 21000*0.30                     = 11,400
        // msg_C (haiku 4.5, subagent): 1000*1 + 100*5                         =  1,500
        assertEquals(0.024480, r.total().costUsd(), 1e-9);
        assertEquals(3, r.total().turns());
        assertEquals(0.022980, r.byModel().get(0).costUsd(), 1e-9);
        assertEquals("claude-sonnet-4-5-20250929", r.byModel().get(0).label());
        assertEquals(0.0015, r.byModel().get(1).costUsd(), 1e-9);
        assertEquals(1, r.bySubagent().size());
        assertEquals(0.0015, r.bySubagent().get(0).costUsd(), 1e-9);
        assertEquals(1, r.byPrompt().size());
        assertEquals(0.024480, r.byPrompt().get(0).costUsd(), 1e-9, "the subagent was spawned under prompt #1");
        assertFalse(r.estimated());
        assertTrue(r.unknownModels().isEmpty());
    }

    @Test
    void cost_listsUnknownModelsWithoutGuessing() {
        TraceStore store = new TraceStore(tmp);
        store.create(SessionMeta.start("s1", 1, "x", ""), Redactor.disabled());
        try (SessionWriter w = store.writer("s1", Redactor.disabled())) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("model", "claude-sonnet-4-7");
            d.put("input_tokens", 100);
            d.put("output_tokens", 10);
            w.append(TraceEvent.of(EventType.LLM_RESPONSE, 2, "e1", "s1", null, null, d));
        }
        CostReport r = report(store, "s1");
        assertEquals(0.0, r.total().costUsd());
        assertFalse(r.total().priced());
        assertEquals(110L, r.unknownModels().get("claude-sonnet-4-7").total());
        String text = r.text(new Ansi(false), 0);
        assertTrue(text.contains("Not priced"), text);
        assertTrue(text.contains("claude-sonnet-4-7"), text);
    }

    @Test
    void cost_withoutUsageIsALabelledEstimate_keptApartFromTheRealFigures() {
        TraceStore store = new TraceStore(tmp);
        store.create(SessionMeta.start("s2", 1, "x", ""), Redactor.disabled());
        try (SessionWriter w = store.writer("s2", Redactor.disabled())) {
            w.append(TraceEvent.of(EventType.USER_PROMPT, 2, "e1", "s2", null, null, Map.of("prompt", "x".repeat(400))));
        }
        CostReport r = report(store, "s2");
        assertTrue(r.estimated());
        assertEquals(103L, r.estimate().usage().inputTokens(), "(400 chars + JSON around it) / 4");
        assertEquals(0L, r.total().usage().total(), "the real figures stay zero");
        assertTrue(r.text(new Ansi(false), 0).contains("ESTIMATE"));
        assertEquals(Boolean.TRUE, r.toJson().get("estimated"));
    }

    @Test
    void mcpServerRecording_isNotPricedAsAConversation() {
        TraceStore store = new TraceStore(tmp);
        store.create(SessionMeta.start("m1", 1, "filesystem", "npx server"), Redactor.disabled());
        try (SessionWriter w = store.writer("m1", Redactor.disabled())) {
            w.append(TraceEvent.of(EventType.SESSION_START, 1, "e0", "m1", null, null, Map.of("mode", "mcp-stdio-proxy")));
            w.append(TraceEvent.of(EventType.TOOL_CALL, 2, "e1", "m1", null, null,
                    Map.of("tool_name", "read_file", "request_id", 1, "arguments", Map.of("path", "x".repeat(4000)))));
        }
        CostReport r = report(store, "m1");
        assertFalse(r.estimated(), "an MCP server spends no tokens of its own");
        assertNull(r.estimate());
        String text = r.text(new Ansi(false), 80);
        assertTrue(text.contains("MCP server's traffic"), text);
        assertFalse(text.contains("ESTIMATE"), text);
        for (String line : text.split("\n")) {
            assertTrue(Line.width(line) <= 80, line);
        }
    }
}
