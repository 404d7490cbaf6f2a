package io.github.agentstrace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.agentstrace.json.Json;
import org.junit.jupiter.api.Test;

class JsonRpcIdsTest {
    private static String key(String json) {
        return JsonRpcIds.key(Json.parse(json));
    }

    @Test
    void equalJsonValuesMatch_numbersAndStringsNever() {
        assertEquals(key("3"), key("3.0"));
        assertEquals(key("3"), key("3e0"));
        assertEquals(key("300"), key("3e2"));
        assertEquals(key("0"), key("-0"));
        assertEquals(key("3"), JsonRpcIds.key(3L));
        assertEquals(key("3"), JsonRpcIds.key(3));
        assertNotEquals(key("3"), key("\"3\""));
        assertNotEquals(key("\"a\""), key("\"A\""));
        assertEquals(key("12345678901234567890"), key("12345678901234567890.0"));
        assertNull(JsonRpcIds.key(null));
    }
}
