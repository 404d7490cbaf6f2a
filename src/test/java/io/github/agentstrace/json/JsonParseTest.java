package io.github.agentstrace.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8259 conformance: a corpus of valid and invalid documents, limits and error positions. */
class JsonParseTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{}", "[]", "0", "-0", "1", "-1", "0.5", "-0.0", "1e5", "1E5", "1e+5", "1e-5", "1.25E-10", "0e0",
        "123456789012345678901234567890", "true", "false", "null", "\"\"", "\"a\"",
        " \t\r\n{ \"a\" : [ 1 , 2 ] } \n", "[[[]]]", "{\"a\":{\"b\":{\"c\":null}}}",
        "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\uD83D\\uDE00\"", "\"\u007f\"", "\"é漢字😀\"",
        "[1,\"x\",true,false,null,{},[]]", "{\"\":0}", "1E400", "-1e-400", "\"\\ud800\"",
    })
    void parse_acceptsValidDocuments(String doc) {
        Object v = Json.parse(doc);
        // Writing and parsing again gives the same value: the document was understood, not just skipped.
        assertEquals(v, Json.parse(Json.write(v)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // trailing and missing commas
        "[1,]", "{\"a\":1,}", "[,1]", "{,}", "[1 2]", "{\"a\":1 \"b\":2}", "[1,,2]",
        // leading zeros and other malformed numbers
        "01", "-01", "00", "+1", ".5", "1.", "-", "1e", "1e+", "1.e5", "0x10", "1_000", "- 1", "--1",
        // NaN, Infinity
        "NaN", "Infinity", "-Infinity", "[NaN]", "{\"a\":Infinity}",
        // lone top-level garbage and multiple values
        "{} x", "[] []", "1 2", "nul", "tru", "True", "NULL", "truex", "x", "]", "}", ":", ",",
        // bad escapes
        "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\U0041\"", "\"\\'\"", "\"\\\"", "\"\\u\"", "\"\\u００41\"",
        // unescaped control characters
        "\"a\tb\"", "\"a\nb\"", "\"\u0000\"", "\"\u001f\"",
        // structure
        "{\"a\" 1}", "{a:1}", "{'a':1}", "{1:2}", "[1", "{\"a\":1", "\"abc", "[", "{", "{\"a\"", "{\"a\":",
        "/* c */ 1", "// c\n1", "[1]//", "'a'",
        // whitespace RFC 8259 does not allow
        "\f1", "\u000b1", "\u00a01", "[1,\u00a02]",
        // empty input
        "", " ", "\n\t ",
    })
    void parse_rejectsInvalidDocuments(String doc) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(doc));
        assertTrue(e.line() >= 1 && e.column() >= 1, e.getMessage());
    }

    @Test
    void parse_emptyInputSaysSo() {
        assertTrue(assertThrows(JsonException.class, () -> Json.parse("")).getMessage().startsWith("empty document"));
        assertTrue(assertThrows(JsonException.class, () -> Json.parse(new byte[0])).getMessage().startsWith("empty document"));
    }

    @Test
    void parse_keepsObjectKeyOrderAndLastDuplicateWins() {
        Map<String, Object> m = Json.asObject(Json.parse("{\"z\":1,\"a\":2,\"m\":3,\"a\":4}"));
        assertEquals(List.of("z", "a", "m"), List.copyOf(m.keySet()));
        assertEquals("4", m.get("a").toString());
        assertEquals("{\"z\":1,\"a\":4,\"m\":3}", Json.write(m));
    }

    @Test
    void parse_bigNumbersSurviveRoundTripDigitForDigit() {
        String doc = "[123456789012345678901234567890,-98765432109876543210.000000000000000000001,"
                + "0.1000000000000000055511151231257827021181583404541015625,1E400,1.0,1e-7,-0.0,12.50]";
        assertEquals(doc, Json.write(Json.parse(doc)));
        Object n = Json.asArray(Json.parse(doc)).get(0);
        JsonNumber big = assertInstanceOf(JsonNumber.class, n);
        assertEquals(new java.math.BigInteger("123456789012345678901234567890"), big.bigIntegerValue());
        assertTrue(big.isIntegral());
    }

    @Test
    void jsonNumber_valuesAndEquality() {
        JsonNumber n = (JsonNumber) Json.parse("9007199254740993");
        assertEquals(9007199254740993L, n.longValue());
        assertEquals(JsonNumber.of("1.0"), JsonNumber.of("1"));
        assertEquals(JsonNumber.of("1.0").hashCode(), JsonNumber.of("1e0").hashCode());
        assertEquals(JsonNumber.of("1e9999999999"), JsonNumber.of("1e9999999999"));
        assertThrows(JsonException.class, () -> JsonNumber.of("01"));
        assertThrows(JsonException.class, () -> JsonNumber.of(""));
        assertThrows(JsonException.class, () -> JsonNumber.of("1 "));
    }

    @Test
    void parse_nestingUpToTheLimitIsAccepted() {
        String doc = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        Object v = Json.parse(doc);
        assertEquals(doc, Json.write(v));
        String objects = "{\"a\":".repeat(Json.MAX_DEPTH) + "1" + "}".repeat(Json.MAX_DEPTH);
        assertEquals(objects, Json.write(Json.parse(objects)));
    }

    @Test
    void parse_failsOnTooDeepNesting() {
        String doc = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(doc));
        assertTrue(e.getMessage().contains("nesting deeper than 512"), e.getMessage());
        assertEquals(Json.MAX_DEPTH + 1, e.column());
    }

    @Test
    void parse_failsWithJsonExceptionNotStackOverflowOnHostileNesting() {
        String doc = "[{\"a\":".repeat(200_000);
        assertThrows(JsonException.class, () -> Json.parse(doc));
        assertThrows(JsonException.class, () -> Json.parse("[".repeat(1_000_000)));
        assertThrows(JsonException.class, () -> Json.parse("[1]", 0));
    }

    @Test
    void parse_errorNamesLineColumnAndPath() {
        String doc = "{\n  \"data\": {\n    \"arguments\": [1, 2, x]\n  }\n}";
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(doc));
        assertEquals(3, e.line());
        assertEquals(25, e.column());
        assertEquals("$.data.arguments[2]", e.path());
        assertEquals("unexpected character 'x' at line 3, column 25 (path $.data.arguments[2])", e.getMessage());
    }

    @Test
    void parse_errorInsideAKeyNamesTheObject() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\"data\":{\"a\":1,\"b\\q\":2}}"));
        assertEquals("$.data", e.path());
    }

    @Test
    void parse_deepPathIsShortenedInTheMessageButKeptWhole() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("[".repeat(600)));
        assertEquals("$" + "[0]".repeat(512), e.path());
        assertTrue(e.getMessage().length() < 260, e.getMessage());
        assertTrue(e.getMessage().contains("..."), e.getMessage());
    }

    @Test
    void parse_errorPathQuotesUnusualKeys() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\"a b\":{\"it's\":[0,tru]}}"));
        assertEquals("$['a b']['it\\'s'][1]", e.path());
    }

    @Test
    void parse_errorPositionsForCommonMistakes() {
        JsonException trailing = assertThrows(JsonException.class, () -> Json.parse("[1,2,]"));
        assertEquals(1, trailing.line());
        assertEquals(6, trailing.column());
        assertEquals("$[2]", trailing.path());
        JsonException zero = assertThrows(JsonException.class, () -> Json.parse("{\"n\": 012}"));
        assertTrue(zero.getMessage().startsWith("leading zero in number"), zero.getMessage());
        assertEquals("$.n", zero.path());
        JsonException ctl = assertThrows(JsonException.class, () -> Json.parse("[\"ab\u0001\"]"));
        assertTrue(ctl.getMessage().startsWith("unescaped control character U+0001 in string"), ctl.getMessage());
        assertEquals(5, ctl.column());
        JsonException esc = assertThrows(JsonException.class, () -> Json.parse("\"\\q\""));
        assertTrue(esc.getMessage().startsWith("invalid escape \\'q'"), esc.getMessage());
        JsonException after = assertThrows(JsonException.class, () -> Json.parse("{}\n\n  x"));
        assertEquals(3, after.line());
        assertEquals(3, after.column());
        assertTrue(after.getMessage().startsWith("unexpected content after the JSON value"), after.getMessage());
    }

    @Test
    void parse_stringRejectsByteOrderMark() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("\uFEFF{}"));
        assertTrue(e.getMessage().contains("byte order mark"), e.getMessage());
    }

    @Test
    void parseBytes_skipsUtf8ByteOrderMark() {
        byte[] doc = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '"', 'a', '"', ':', '1', '}'};
        assertEquals("{\"a\":1}", Json.write(Json.parse(doc)));
    }

    @Test
    void parseBytes_decodesValidUtf8() {
        String text = "{\"s\":\"é漢字😀\"}";
        assertEquals(text, Json.write(Json.parse(text.getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "22 FF 22",          // never valid in UTF-8
        "22 C3 22",          // truncated two-byte sequence
        "22 C0 80 22",       // overlong NUL
        "22 E0 80 80 22",    // overlong three-byte
        "22 ED A0 80 22",    // UTF-8-encoded surrogate
        "22 F4 90 80 80 22", // beyond U+10FFFF
        "22 80 22",          // lone continuation byte
        "22 E6 BC 22",       // truncated three-byte sequence
    })
    void parseBytes_rejectsInvalidUtf8(String hex) {
        String[] parts = hex.split(" ");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(bytes));
        assertTrue(e.getMessage().startsWith("invalid UTF-8 at byte offset 1"), e.getMessage());
    }

    @Test
    void parse_loneSurrogateEscapesSurviveRoundTrip() {
        Object v = Json.parse("[\"\\ud800\",\"\\udc00x\",\"\\ud83d\\ude00\"]");
        assertEquals("\ud800", Json.asArray(v).get(0));
        assertEquals("[\"\\ud800\",\"\\udc00x\",\"\\ud83d\\ude00\"]", Json.write(v, Json.Style.COMPACT_ASCII));
        assertEquals("[\"\\ud800\",\"\\udc00x\",\"😀\"]", Json.write(v));
    }

    @Test
    void parse_valueTypes() {
        List<Object> v = Json.asArray(Json.parse("[\"s\",1,true,null,{},[]]"));
        assertEquals("s", v.get(0));
        assertInstanceOf(JsonNumber.class, v.get(1));
        assertEquals(Boolean.TRUE, v.get(2));
        assertNull(v.get(3));
        assertInstanceOf(Map.class, v.get(4));
        assertInstanceOf(List.class, v.get(5));
    }
}
