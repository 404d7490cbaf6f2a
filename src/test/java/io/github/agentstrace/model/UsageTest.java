package io.github.agentstrace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageTest {
    private static Map<String, Object> obj(String json) {
        return Json.asObject(Json.parse(json));
    }

    @Test
    void fromData_readsAnthropicOpenAiAndNestedShapes() {
        Usage anthropic = Usage.fromData(obj("{\"input_tokens\":10,\"output_tokens\":120,"
                + "\"cache_creation_input_tokens\":1000,\"cache_read_input_tokens\":20000}"));
        assertEquals(new Usage(10, 120, 20000, 1000, 0), anthropic, "a write of unknown lifetime is a 5-minute write");
        assertEquals(21130, anthropic.total());
        assertEquals(21010, anthropic.promptTokens());
        Usage openAi = Usage.fromData(obj("{\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":30}}"));
        assertEquals(Usage.of(120, 30), openAi);
        Usage split = Usage.fromData(obj("{\"input_tokens\":1,\"output_tokens\":2,\"cache_creation_input_tokens\":3000,"
                + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":1000,\"ephemeral_1h_input_tokens\":2000}}"));
        assertEquals(1000, split.cacheWrite5mTokens());
        assertEquals(2000, split.cacheWrite1hTokens());
        Usage topWins = Usage.fromData(obj("{\"output_tokens\":70,\"usage\":{\"output_tokens\":1,"
                + "\"cache_read_input_tokens\":400}}"));
        assertEquals(new Usage(0, 70, 400, 0, 0), topWins, "a count at the top wins; the rest comes from usage");
    }

    @Test
    void toData_roundTripsThroughFromData_andOmitsZeroCacheFigures() {
        Usage u = new Usage(1, 2, 3, 4, 5);
        assertEquals(u, Usage.fromData(u.toData()));
        Map<String, Object> plain = Usage.of(1240, 86).toData();
        assertEquals(Map.of("input_tokens", 1240L, "output_tokens", 86L, "total_tokens", 1326L), plain);
    }

    @Test
    void presence_andBareTotals() {
        assertTrue(Usage.present(obj("{\"usage\":{\"input_tokens\":0}}")));
        assertFalse(Usage.present(obj("{\"total_tokens\":5}")));
        assertEquals(5, Usage.totalWithoutSplit(obj("{\"total_tokens\":5}")));
        assertEquals(-1, Usage.totalWithoutSplit(obj("{\"total_tokens\":5,\"input_tokens\":5}")));
    }

    @Test
    void negativeCounts_areRejectedAndIgnoredWhenRead() {
        assertThrows(IllegalArgumentException.class, () -> Usage.of(-1, 0));
        assertEquals(Usage.of(0, 3), Usage.fromData(obj("{\"input_tokens\":-5,\"output_tokens\":3}")));
    }
}
