package io.github.agentstrace.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonSmokeTest {
    @Test
    void write_roundTripsAnObjectWithATimestamp() {
        String text = "{\"a\":[1,2.50,{\"b\":null}],\"t\":1795477017.1730728}";
        assertEquals(text, Json.write(Json.parse(text)));
        assertEquals("1795477017.1730728", Json.formatNumber(1795477017.1730728));
    }
}
