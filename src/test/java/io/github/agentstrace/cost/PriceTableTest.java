package io.github.agentstrace.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {
    @Test
    void cost_splitsOneHourCacheWrites() {
        Price p = new Price(3, 15, 3.75, 6, 0.3);
        Usage u = new Usage(0, 0, 0, 1000, 2000);
        assertEquals((1000 * 3.75 + 2000 * 6) / 1e6, p.cost(u), 1e-12);
    }

    @Test
    void cost_userPriceFileOverridesAndExtends(@TempDir Path dir) throws Exception {
        Path prices = dir.resolve("p.json");
        Files.writeString(prices, "{\"models\":{\"my-model\":{\"input\":1,\"output\":2}}}");
        PriceTable t = PriceTable.load(prices);
        Usage u = Usage.of(1_000_000, 1_000_000);
        assertEquals(3.0, t.find("my-model").orElseThrow().cost(u), 1e-9);
        assertTrue(t.find("claude-opus-4-5-20251101").isPresent(), "built-in prices are still there");
        assertEquals(5.0, t.find("anthropic/claude-opus-4-5[1m]").orElseThrow().input());
        assertEquals(2.5, t.find("gpt-4o-2024-08-06").orElseThrow().input());
        assertTrue(t.cost("nobody-knows-me", u).isEmpty(), "an unknown model is not priced like a relative");
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
    void normalise_dropsVendorContextMarkerAndDateSuffixes_andNothingElse() {
        assertEquals("claude-sonnet-4-5", PriceTable.normalise("Anthropic/Claude-Sonnet-4-5-20250929[1m]"));
        assertEquals("claude-sonnet-4-5", PriceTable.normalise("claude-sonnet-4-5@20250929"));
        assertEquals("gpt-4o", PriceTable.normalise("gpt-4o-2024-08-06"));
        assertEquals("gpt-4o-2024", PriceTable.normalise("gpt-4o-2024"));
        assertEquals("model-1234567", PriceTable.normalise("model-1234567"));
    }

    @Test
    void roundUsd_keepsAMillionth() {
        assertEquals(0.005010, PriceTable.roundUsd(0.00501049), 1e-12);
        assertEquals(0.0, PriceTable.roundUsd(0.0000004), 1e-12);
    }
}
