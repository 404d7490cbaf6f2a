package io.github.agentstrace.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecoderTest {

    @Test
    void protobufLogs_decodeClaudeCodesRecords() throws Exception {
        Telemetry t = OtelFixtures.bodies(false, Signal.LOGS).get(0).decode();
        assertFalse(t.logs().isEmpty());
        ReceivedLog first = t.logs().get(0);
        assertEquals("claude-code", first.resource().get("service.name"));
        assertTrue(first.timeNanos() > 1_700_000_000_000_000_000L, "time in nanoseconds: " + first.timeNanos());
        assertTrue(first.name().startsWith("claude_code."), first.name());
        assertEquals(0L, first.attributes().get("event.sequence"));
        assertTrue(first.attributes().get("session.id") instanceof String);
    }

    @Test
    void protobufAndJson_decodeToTheSameShapes() throws Exception {
        List<String> json = names(OtelFixtures.bodies(true, Signal.LOGS));
        List<String> proto = names(OtelFixtures.bodies(false, Signal.LOGS));
        // Two runs of the same session: the same events, in the same order.
        assertEquals(json, proto);
        assertTrue(json.contains("claude_code.tool_result"), json.toString());
    }

    @Test
    void spans_decodeIdsAsHexStatusAndTimes() throws Exception {
        for (boolean json : new boolean[] {true, false}) {
            List<ReceivedSpan> spans = new ArrayList<>();
            for (OtelFixtures.Body b : OtelFixtures.bodies(json, Signal.TRACES)) {
                spans.addAll(b.decode().spans());
            }
            ReceivedSpan failed = spans.stream().filter(s -> s.statusCode() == 2).findFirst().orElseThrow();
            assertEquals("claude_code.tool.execution", failed.name());
            assertEquals("Shell command failed", failed.statusMessage());
            assertTrue(failed.traceId().matches("[0-9a-f]{32}"), failed.traceId());
            assertTrue(failed.spanId().matches("[0-9a-f]{16}"), failed.spanId());
            assertTrue(failed.endNanos() > failed.startNanos());
            ReceivedSpan root = spans.stream().filter(s -> s.name().equals("claude_code.interaction")).findFirst().orElseThrow();
            assertNull(root.parentSpanId());
            assertEquals(Boolean.FALSE, failed.attributes().get("success"));
        }
    }

    @Test
    void metrics_areCountedAsDataPoints() throws Exception {
        for (boolean json : new boolean[] {true, false}) {
            Telemetry t = OtelFixtures.bodies(json, Signal.METRICS).get(0).decode();
            assertTrue(t.dataPoints() > 0, "data points of " + (json ? "json" : "protobuf"));
            assertTrue(t.logs().isEmpty() && t.spans().isEmpty());
        }
    }

    @Test
    void json_acceptsIntegersAsNumbersOrStrings_andNestedValues() {
        String body = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"x"}}]},
                 "scopeLogs":[{"logRecords":[{"timeUnixNano":1700000000000000000,"body":{"stringValue":"claude_code.user_prompt"},
                   "attributes":[{"key":"n","value":{"intValue":"42"}},{"key":"d","value":{"doubleValue":"NaN"}},
                     {"key":"a","value":{"arrayValue":{"values":[{"boolValue":true},{"intValue":7}]}}},
                     {"key":"m","value":{"kvlistValue":{"values":[{"key":"k","value":{"stringValue":"v"}}]}}}]}]}]}]}
                """;
        ReceivedLog l = JsonDecoder.decode(Signal.LOGS, body.getBytes(StandardCharsets.UTF_8)).logs().get(0);
        assertEquals(1_700_000_000_000_000_000L, l.timeNanos());
        assertEquals(42L, l.attributes().get("n"));
        assertTrue(Double.isNaN((Double) l.attributes().get("d")));
        assertEquals(List.of(true, 7L), l.attributes().get("a"));
        assertEquals(Map.of("k", "v"), l.attributes().get("m"));
    }

    @Test
    void json_malformedShapesAreRefusedWithTheirName() {
        assertMalformed("[]", "JSON object");
        assertMalformed("{", "not JSON");
        assertMalformed("{\"resourceSpans\":{}}", "'resourceSpans' must be an array");
        assertMalformed("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\"}]}]}]}", "'traceId' must be 32 hex digits");
        assertMalformed("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"soon\"}]}]}]}",
                "'startTimeUnixNano' must be a 64-bit integer");
    }

    private static void assertMalformed(String json, String says) {
        MalformedTelemetry e = assertThrows(MalformedTelemetry.class,
                () -> JsonDecoder.decode(Signal.TRACES, json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void protobuf_truncatedOrIllFormedIsRefused() throws Exception {
        byte[] body = OtelFixtures.bodies(false, Signal.LOGS).get(0).bytes();
        byte[] cut = java.util.Arrays.copyOf(body, body.length / 2);
        assertThrows(MalformedTelemetry.class, () -> ProtobufDecoder.decode(Signal.LOGS, cut));
        // field 1 length-delimited claiming 100 bytes of 1
        assertThrows(MalformedTelemetry.class, () -> ProtobufDecoder.decode(Signal.LOGS, new byte[] {0x0A, 100, 1}));
        // wire type 7 does not exist
        assertThrows(MalformedTelemetry.class, () -> ProtobufDecoder.decode(Signal.TRACES, new byte[] {0x0F}));
        // an unterminated varint
        assertThrows(MalformedTelemetry.class, () -> ProtobufDecoder.decode(Signal.METRICS, new byte[] {0x08, (byte) 0x80}));
        // an empty body is an empty request
        assertEquals(0, ProtobufDecoder.decode(Signal.LOGS, new byte[0]).items());
    }

    /**
     * Random bytes, and real bodies with bytes flipped, cut or inserted: each decodes or is refused as malformed,
     * never anything else (no index, arithmetic or stack overflow error that would kill the request thread).
     */
    @Test
    void fuzz_protobufNeverFailsOtherwiseThanMalformed() throws Exception {
        SplittableRandom random = new SplittableRandom(20261202L);
        List<OtelFixtures.Body> seeds = OtelFixtures.bodies(false);
        int refused = 0;
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] input;
            Signal signal = Signal.values()[random.nextInt(3)];
            if (i % 4 == 0) {
                input = new byte[random.nextInt(64)];
                for (int j = 0; j < input.length; j++) {
                    input[j] = (byte) random.nextInt(256);
                }
            } else {
                OtelFixtures.Body seed = seeds.get(random.nextInt(seeds.size()));
                signal = seed.signal();
                input = mutate(seed.bytes(), random);
            }
            try {
                ProtobufDecoder.decode(signal, input);
                decoded++;
            } catch (MalformedTelemetry expected) {
                refused++;
            }
        }
        assertTrue(refused > 1000 && decoded > 1000, "refused " + refused + ", decoded " + decoded);
    }

    @Test
    void fuzz_jsonNeverFailsOtherwiseThanMalformed() throws Exception {
        SplittableRandom random = new SplittableRandom(7L);
        List<OtelFixtures.Body> seeds = OtelFixtures.bodies(true);
        for (int i = 0; i < 3_000; i++) {
            OtelFixtures.Body seed = seeds.get(random.nextInt(seeds.size()));
            byte[] input = mutate(seed.bytes(), random);
            try {
                JsonDecoder.decode(seed.signal(), input);
            } catch (MalformedTelemetry expected) {
                // refused: fine
            }
        }
    }

    @Test
    void deeplyNestedValues_areRefusedNotRecursedInto() {
        // AnyValue{array_value{values: AnyValue{array_value{...}}}} 100 levels deep, inside a log record's body
        byte[] value = new byte[0];
        for (int i = 0; i < 100; i++) {
            byte[] array = wrap(1, value); // ArrayValue.values
            value = wrap(5, array);        // AnyValue.array_value
        }
        byte[] request = wrap(1, wrap(2, wrap(2, wrap(5, value))));
        MalformedTelemetry e = assertThrows(MalformedTelemetry.class, () -> ProtobufDecoder.decode(Signal.LOGS, request));
        assertTrue(e.getMessage().contains("deeper"), e.getMessage());
    }

    private static byte[] wrap(int field, byte[] content) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write((field << 3) | 2);
        int len = content.length;
        while ((len & ~0x7F) != 0) {
            out.write((len & 0x7F) | 0x80);
            len >>>= 7;
        }
        out.write(len);
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] b = seed.clone();
        switch (random.nextInt(3)) {
            case 0 -> {
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
            default -> {
                int at = random.nextInt(b.length);
                byte[] longer = new byte[b.length + 1];
                System.arraycopy(b, 0, longer, 0, at);
                longer[at] = (byte) random.nextInt(256);
                System.arraycopy(b, at, longer, at + 1, b.length - at);
                b = longer;
            }
        }
        return b;
    }

    private static List<String> names(List<OtelFixtures.Body> bodies) {
        List<String> out = new ArrayList<>();
        for (OtelFixtures.Body b : bodies) {
            for (ReceivedLog l : b.decode().logs()) {
                out.add(l.name());
            }
        }
        return out;
    }
}
