package io.github.agentstrace.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The writer: escaping per style, layouts, and Python-identical float text. */
class JsonWriteTest {

    @Test
    void write_escapesWhatRfc8259RequiresWithShortFormsWhereTheyExist() {
        assertEquals("\"\\\"\\\\\\b\\f\\n\\r\\t\"", Json.write("\"\\\b\f\n\r\t"));
        assertEquals("\"\\u0000\\u0001\\u001f \"", Json.write("\u0000\u0001\u001f "));
        assertEquals("\"/\"", Json.write("/"));
    }

    @Test
    void write_escapesLineAndParagraphSeparatorsInEveryStyle() {
        assertEquals("\"a\\u2028b\\u2029\"", Json.write("a\u2028b\u2029"));
        assertEquals("\"a\\u2028b\\u2029\"", Json.write("a\u2028b\u2029", Json.Style.COMPACT_ASCII));
    }

    @Test
    void write_loneSurrogatesBecomeEscapesPairsPassWhole() {
        assertEquals("\"\\ud800x\"", Json.write("\ud800x"));
        assertEquals("\"x\\udc00\"", Json.write("x\udc00"));
        assertEquals("\"\\udc00\\ud800\"", Json.write("\udc00\ud800"));
        assertEquals("\"\\ud800\"", Json.write("\ud800"));
        assertEquals("\"😀\"", Json.write("😀"));
        assertEquals("\"\\ud83d\\ude00\"", Json.write("😀", Json.Style.COMPACT_ASCII));
    }

    @Test
    void write_asciiOnlyEscapesEverythingAboveTildeLikePythonEnsureAscii() {
        // json.dumps("é\x7f漢") == '"\\u00e9\\u007f\\u6f22"'
        assertEquals("\"\\u00e9\\u007f\\u6f22\"", Json.write("é\u007f漢", Json.Style.COMPACT_ASCII));
        assertEquals("\"é\u007f漢\"", Json.write("é\u007f漢"));
    }

    @Test
    void write_htmlSafeEscapesMarkupCharacters() {
        assertEquals("\"\\u003c/script\\u003e\\u0026\\u0027\\u003d\\u00e9\"",
                Json.write("</script>&'=é", Json.Style.HTML_SAFE));
        assertEquals("\"</script>&'=\"", Json.write("</script>&'="));
    }

    @Test
    void write_htmlSafe_cannotLeaveAScriptElement() {
        // What ends a <script> element or changes how its text is parsed: "</script", "<!--" (with "<script"
        // it puts the parser in the double-escaped state), and U+2028/U+2029 (line terminators in older
        // JavaScript). Lone surrogates must come out as escapes, never as bytes that cannot be UTF-8.
        Map<String, Object> hostile = new LinkedHashMap<>();
        hostile.put("</SCRIPT><!--", "</script><script>alert(1)</script><!-- \u2028\u2029 \ud800 x \udfff");
        String text = Json.write(hostile, Json.Style.HTML_SAFE);
        assertEquals("{\"\\u003c/SCRIPT\\u003e\\u003c!--\":\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"
                + "\\u003c/script\\u003e\\u003c!-- \\u2028\\u2029 \\ud800 x \\udfff\"}", text);
        assertTrue(text.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '<' && c != '>' && c != '&'), text);
        assertEquals(hostile, Json.parse(text));
    }

    @Test
    void write_everyCharRoundTripsInEveryStyle() {
        StringBuilder sb = new StringBuilder();
        for (char c = 0; c < 0xFFFF; c++) {
            sb.append(c);
        }
        String all = sb.toString();
        for (Json.Style style : List.of(Json.Style.COMPACT, Json.Style.COMPACT_ASCII, Json.Style.PRETTY,
                Json.Style.HTML_SAFE)) {
            String text = Json.write(all, style);
            assertEquals(all, Json.parse(text), style.toString());
            if (style.asciiOnly()) {
                assertTrue(text.chars().allMatch(c -> c >= 0x20 && c < 0x7f), style.toString());
            }
        }
    }

    @Test
    void writePretty_matchesPythonIndent2Layout() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", List.of(1, "x", Map.of()));
        m.put("c", List.of());
        m.put("d", Map.of("e", true));
        // json.dumps(m, indent=2)
        String python = "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    \"x\",\n    {}\n  ],\n  \"c\": [],\n"
                + "  \"d\": {\n    \"e\": true\n  }\n}";
        assertEquals(python, Json.writePretty(m));
        assertEquals("{\"a\":1,\"b\":[1,\"x\",{}],\"c\":[],\"d\":{\"e\":true}}", Json.write(m));
    }

    @Test
    void writePretty_atALevelShiftsEveryLineAfterTheFirst() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", List.of(1, Map.of()));
        m.put("b", "x");
        StringBuilder sb = new StringBuilder("[\n  ");
        Json.write(m, Json.Style.PRETTY, 1, sb);
        sb.append("\n]");
        // json.dumps([m], indent=2)
        assertEquals("[\n  {\n    \"a\": [\n      1,\n      {}\n    ],\n    \"b\": \"x\"\n  }\n]", sb.toString());
        StringBuilder compact = new StringBuilder();
        Json.write(m, Json.Style.COMPACT, 3, compact);
        assertEquals(Json.write(m), compact.toString(), "compact output has no lines to shift");
    }

    @Test
    void write_numbersOfEveryJavaType() {
        assertEquals("[1,2,3,4,5,12345678901234567890,1.50,3.0,0.1,null]", Json.write(Arrays.asList(
                1, 2L, (short) 3, (byte) 4, new java.util.concurrent.atomic.AtomicLong(5),
                new BigInteger("12345678901234567890"), new BigDecimal("1.50"), 3.0, 0.1, null)));
        assertEquals("[\"c\",[1,2]]", Json.write(List.of('c', new Object[] {1, 2})));
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void write_rejectsNonFiniteNumbers(double d) {
        JsonException e = assertThrows(JsonException.class, () -> Json.write(List.of(d)));
        assertTrue(e.getMessage().startsWith("JSON has no representation for"), e.getMessage());
        assertThrows(JsonException.class, () -> Json.write((float) d));
    }

    @Test
    void write_rejectsUnknownTypesAndCycles() {
        assertThrows(JsonException.class, () -> Json.write(new Object()));
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        JsonException e = assertThrows(JsonException.class, () -> Json.write(cyclic));
        assertTrue(e.getMessage().contains("deeper than 512"), e.getMessage());
    }

    @Test
    void formatNumber_doublesLikePythonRepr() {
        assertEquals("1795477017.1730728", Json.formatNumber(1795477017.1730728));
        assertEquals("0.1", Json.formatNumber(0.1));
        assertEquals("1e+16", Json.formatNumber(1e16));
        assertEquals("1000000000000000.0", Json.formatNumber(1e15));
        assertEquals("1.5e-05", Json.formatNumber(1.5e-05));
        assertEquals("0.0001", Json.formatNumber(0.0001));
        assertEquals("5e-324", Json.formatNumber(5e-324));
        assertEquals("2e+23", Json.formatNumber(2e23));
        assertEquals("1e+23", Json.formatNumber(1e23));
        assertEquals("-0.0", Json.formatNumber(-0.0));
        assertEquals("0.0", Json.formatNumber(0.0));
        assertEquals("3.0", Json.formatNumber(3.0));
        assertEquals("-1.5", Json.formatNumber(-1.5));
        assertEquals("0.002", Json.formatNumber(2e-3));
        assertEquals("8.41e+21", Json.formatNumber(8.41e21));
        assertEquals("1.2345678901234568e+17", Json.formatNumber(123456789012345678.0));
        assertEquals("9007199254740992.0", Json.formatNumber(9007199254740993.0));
        assertEquals("1.7976931348623157e+308", Json.formatNumber(Double.MAX_VALUE));
        assertEquals("114.57276344299316", Json.formatNumber(114.57276344299316));
        // Ties between two shortest decimals go to the even digit, as in Python.
        assertEquals("8.344650268554688e-07", Json.formatNumber(7 * Math.scalb(1.0, -23)));
        assertEquals("5.960464477539062e-07", Json.formatNumber(0.625 * Math.scalb(1.0, -20)));
    }

    /** 3,500 doubles (timestamps, durations, random bit patterns, powers) with CPython's repr of each. */
    @Test
    void formatNumber_matchesCPythonReprOnARecordedCorpus() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        try (InputStream in = getClass().getResourceAsStream("/json/python-float-repr.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t");
                double d = Double.longBitsToDouble(Long.parseUnsignedLong(f[0], 16));
                String ours = Json.formatNumber(d);
                if (!ours.equals(f[1])) {
                    mismatches.add(f[1] + " != " + ours);
                }
                checked++;
            }
        }
        assertTrue(checked > 3000);
        assertEquals(List.of(), mismatches.subList(0, Math.min(20, mismatches.size())));
    }

    @Test
    void formatNumber_roundTripsRandomDoubles() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(42);
        for (int i = 0; i < 5_000; i++) {
            double d = Double.longBitsToDouble(r.nextLong());
            if (Double.isFinite(d)) {
                assertEquals(d, Double.parseDouble(Json.formatNumber(d)));
            }
        }
    }

    /**
     * The formatter agrees with a plain reference (shortest length by search over BigDecimal candidates,
     * the closest at that length) on timestamps, durations, small fractions and random bit patterns.
     */
    @Test
    void formatNumber_isTheClosestOfTheShortestDecimals() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(2026);
        for (int i = 0; i < 20_000; i++) {
            double d = switch (i % 5) {
                case 0 -> 1.6e9 + r.nextDouble() * 3e8;
                case 1 -> r.nextDouble() * 100_000;
                case 2 -> r.nextDouble() / 1000;
                case 3 -> Math.scalb(1.0, r.nextInt(-60, 60)) * (1 + r.nextInt(4) / 4.0);
                default -> Double.longBitsToDouble(r.nextLong() & 0x7fffffffffffffffL);
            };
            if (!Double.isFinite(d) || d == 0) {
                continue;
            }
            BigDecimal expected = reference(d);
            String ours = Json.formatNumber(d);
            BigDecimal got = new BigDecimal(ours);
            assertEquals(0, expected.compareTo(got), d + ": expected " + expected + ", got " + ours);
            assertEquals(expected.stripTrailingZeros().precision(), got.stripTrailingZeros().precision(), ours);
        }
    }

    private static BigDecimal reference(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int len = 1; len <= 17; len++) {
            BigDecimal best = null;
            for (java.math.RoundingMode mode : List.of(java.math.RoundingMode.FLOOR, java.math.RoundingMode.CEILING)) {
                BigDecimal c = exact.round(new java.math.MathContext(len, mode));
                if (c.doubleValue() != d) {
                    continue;
                }
                int closer = best == null ? -1 : c.subtract(exact).abs().compareTo(best.subtract(exact).abs());
                // Equidistant (the exact value ends in 5): the even last digit, as Python does.
                if (closer < 0 || (closer == 0 && !c.unscaledValue().testBit(0))) {
                    best = c;
                }
            }
            if (best != null) {
                return best;
            }
        }
        throw new AssertionError("17 digits always read back");
    }

    @Test
    void write_toAppendableStreams() {
        StringBuilder sb = new StringBuilder();
        Json.write(Map.of("k", List.of(1.0)), Json.Style.COMPACT, sb);
        assertEquals("{\"k\":[1.0]}", sb.toString());
    }
}
