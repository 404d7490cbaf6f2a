package io.github.agentstrace.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.Sleeper;
import io.github.agentstrace.model.TestClock;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Decoding of what we produce with the official OpenTelemetry proto classes, and small accessors for
 * assertions. OTLP JSON uses hex ids where protobuf's JSON mapping expects base64, so the JSON path
 * checks the hex form first and converts it, exactly what an OTLP receiver does.
 */
final class Otlp {
    private static final Pattern TRACE_HEX = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_HEX = Pattern.compile("[0-9a-f]{16}");
    static final Clock CLOCK = TestClock.fixed(Instant.parse("2026-11-24T00:00:00Z"));

    private Otlp() {
    }

    static ExportTraceServiceRequest fromProtobuf(byte[] body) {
        try {
            ExportTraceServiceRequest r = ExportTraceServiceRequest.parseFrom(body);
            assertTrue(r.getUnknownFields().asMap().isEmpty(), "unknown fields in the request");
            return r;
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a valid ExportTraceServiceRequest: " + e.getMessage(), e);
        }
    }

    /** Parses OTLP JSON strictly (unknown keys fail, so snake_case would too). */
    static ExportTraceServiceRequest fromJson(String json) {
        Object tree = Json.parse(json);
        for (Object rs : Json.asArray(Json.asObject(tree).get("resourceSpans"))) {
            for (Object ss : Json.asArray(Json.asObject(rs).get("scopeSpans"))) {
                for (Object s : Json.asArray(Json.asObject(ss).get("spans"))) {
                    Map<String, Object> span = Json.asObject(s);
                    hexToBase64(span, "traceId", TRACE_HEX);
                    hexToBase64(span, "spanId", SPAN_HEX);
                    if (span.containsKey("parentSpanId")) {
                        hexToBase64(span, "parentSpanId", SPAN_HEX);
                    }
                    assertTrue(span.get("startTimeUnixNano") instanceof String, "int64 as string");
                    assertTrue(span.get("kind") instanceof Number, "enum as number");
                }
            }
        }
        ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
        try {
            JsonFormat.parser().merge(Json.write(tree), b);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("OTLP JSON rejected by JsonFormat: " + e.getMessage(), e);
        }
        return b.build();
    }

    private static void hexToBase64(Map<String, Object> span, String key, Pattern shape) {
        String hex = Json.asString(span.get(key));
        if (hex == null || !shape.matcher(hex).matches()) {
            fail(key + " is not lowercase hex of the right length: " + span.get(key));
        }
        span.put(key, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
    }

    static List<Span> spans(ExportTraceServiceRequest r) {
        List<Span> out = new ArrayList<>();
        r.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> out.addAll(ss.getSpansList())));
        return out;
    }

    static String hex(ByteString b) {
        return HexFormat.of().formatHex(b.toByteArray());
    }

    static Map<String, AnyValue> attrs(List<KeyValue> kvs) {
        Map<String, AnyValue> m = new LinkedHashMap<>();
        for (KeyValue kv : kvs) {
            if (m.put(kv.getKey(), kv.getValue()) != null) {
                fail("duplicate attribute " + kv.getKey());
            }
        }
        return m;
    }

    static String str(Span s, String key) {
        AnyValue v = attrs(s.getAttributesList()).get(key);
        if (v == null) {
            return null;
        }
        assertEquals(AnyValue.ValueCase.STRING_VALUE, v.getValueCase(), key + " should be a string");
        return v.getStringValue();
    }

    static Long integer(Span s, String key) {
        AnyValue v = attrs(s.getAttributesList()).get(key);
        if (v == null) {
            return null;
        }
        assertEquals(AnyValue.ValueCase.INT_VALUE, v.getValueCase(), key + " should be an int");
        return v.getIntValue();
    }

    static Span byName(List<Span> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.stream().map(Span::getName).toList()));
    }

    static Span root(List<Span> spans) {
        List<Span> roots = spans.stream().filter(s -> s.getName().startsWith("invoke_agent")).toList();
        assertEquals(1, roots.size(), "one root span");
        return roots.get(0);
    }

    /** An exporter with instant sleeps, fixed jitter and a fake monotonic clock advanced by the sleeps. */
    static OtlpExport exporter(OtlpSettings settings, List<java.time.Duration> sleeps) {
        long[] nanos = {0};
        Sleeper sleeper = n -> {
            sleeps.add(java.time.Duration.ofNanos(n));
            nanos[0] += n;
        };
        Clock clock = Clock.at(() -> nanos[0], CLOCK::epochSeconds);
        return new OtlpExport(settings, "test", sleeper, new SplittableRandom(7), clock, Limits.DEFAULT,
                io.github.agentstrace.cost.PriceTable.load(null));
    }

    static OtlpSettings settings(String endpoint, Map<String, String> env, String... headers) {
        return OtlpSettings.resolve(new OtlpSettings.Flags(endpoint, null, List.of(headers), null, null, null, null, null), env);
    }
}
