package io.github.agentstrace.api;

import io.github.agentstrace.model.Texts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValuesTest {
    record Query(String text, int limit, List<String> tags) {
    }

    enum Mode { FAST }

    @Test
    void toJson_keepsJsonValuesAndMapsRecordsEnumsArrays() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("q", new Query("flaky", 5, List.of("ci")));
        args.put("mode", Mode.FAST);
        args.put("ids", new int[] {1, 2});
        args.put("opt", Optional.of("x"));
        args.put("nan", Double.NaN);
        args.put("none", null);
        assertEquals("{\"q\":{\"text\":\"flaky\",\"limit\":5,\"tags\":[\"ci\"]},\"mode\":\"FAST\",\"ids\":[1,2],"
                + "\"opt\":\"x\",\"nan\":\"NaN\",\"none\":null}", Json.write(Values.arguments(args)));
    }

    @Test
    void toJson_cutsLongStringsAndBigCollections() {
        String longText = "a".repeat(600);
        assertEquals(Texts.cut(longText, 500), Values.toJson(longText, 0));
        assertTrue(((String) Values.toJson(longText, 0)).endsWith(" chars, first 500 kept]"));
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            many.add(i);
        }
        List<?> out = (List<?>) Values.toJson(many, 0);
        assertEquals(101, out.size());
        assertEquals("...", out.get(100));
    }

    @Test
    void toJson_survivesCyclicGraphs() {
        List<Object> a = new ArrayList<>();
        List<Object> b = new ArrayList<>();
        a.add(b);
        b.add(a);
        String json = Json.write(Values.toJson(a, 0));
        assertTrue(json.contains("<ArrayList>"), json);
    }

    @Test
    void arguments_andPreview_neverThrow() {
        Map<String, Object> hostile = new java.util.AbstractMap<>() {
            @Override
            public java.util.Set<Map.Entry<String, Object>> entrySet() {
                throw new IllegalStateException("concurrently modified");
            }
        };
        assertEquals(Map.of("<unreadable>", "java.lang.IllegalStateException: concurrently modified"),
                Values.arguments(hostile));
        assertEquals("<>", Values.preview(hostile).replaceAll("[A-Za-z0-9$]", ""));
    }

    @Test
    void preview_isTheFirst200CharactersAndEmptyForNull() {
        assertEquals("", Values.preview(null));
        assertEquals("x".repeat(200) + "...[truncated by agent-strace: 300 chars, first 200 kept]",
                Values.preview("x".repeat(300)));
        assertEquals("{\"a\":1}", Values.preview(Map.of("a", 1)));
    }
}
