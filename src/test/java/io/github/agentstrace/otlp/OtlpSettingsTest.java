package io.github.agentstrace.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpSettingsTest {
    private static OtlpSettings.Flags flags(String endpoint, String... headers) {
        return new OtlpSettings.Flags(endpoint, null, List.of(headers), null, null, null, null, null);
    }

    private static OtlpSettings resolve(OtlpSettings.Flags f, Map<String, String> env) {
        return OtlpSettings.resolve(f, env);
    }

    @Test
    void endpointFlag_getsV1TracesAppendedUnlessPresent() {
        assertEquals("http://c:4318/v1/traces", resolve(flags("http://c:4318"), Map.of()).endpoint().toString());
        assertEquals("http://c:4318/v1/traces", resolve(flags("http://c:4318/"), Map.of()).endpoint().toString());
        assertEquals("https://otlp-gateway-x.grafana.net/otlp/v1/traces",
                resolve(flags("https://otlp-gateway-x.grafana.net/otlp"), Map.of()).endpoint().toString());
        assertEquals("https://api.honeycomb.io/v1/traces",
                resolve(flags("https://api.honeycomb.io/v1/traces"), Map.of()).endpoint().toString());
    }

    @Test
    void environment_followsTheOtlpExporterRules() {
        assertNull(resolve(flags(null), Map.of()).endpoint(), "no endpoint: print");
        assertEquals("http://c:4318/mycollector/v1/traces",
                resolve(flags(null), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318/mycollector/")).endpoint().toString());
        assertEquals("http://c:4318/", resolve(flags(null), Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://other:4318")).endpoint().toString(), "signal-specific wins, used as is");
        assertEquals("http://flag:1/v1/traces", resolve(flags("http://flag:1"),
                Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318")).endpoint().toString(), "the flag wins");
    }

    @Test
    void headers_mergeEnvironmentSignalAndFlagsWithPercentDecoding() {
        OtlpSettings s = resolve(flags(null, "X-Team: from-flag"), Map.of(
                "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Basic%20abc%3D,x-team=generic,a=1",
                "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "a=2"));
        assertEquals("Basic abc=", s.headers().get("Authorization"));
        assertEquals("from-flag", s.headers().get("x-team"), "flags win, names case-insensitive");
        assertEquals("2", s.headers().get("a"), "per-signal wins over generic");
        assertEquals(3, s.headers().size());
        assertFalse(s.toString().contains("Basic abc"), "toString hides values");
    }

    @Test
    void badEnvironmentHeaders_areSkippedWithAWarningThatHidesTheValue() {
        OtlpSettings s = resolve(flags(null), Map.of("OTEL_EXPORTER_OTLP_HEADERS", "justasecretvalue,ok=1,bad=%zz"));
        assertEquals(Map.of("ok", "1"), s.headers());
        assertEquals(2, s.warnings().size());
        assertTrue(s.warnings().stream().noneMatch(w -> w.contains("justasecretvalue")), s.warnings().toString());
    }

    @Test
    void headerFlag_badSyntaxIsRejectedWithoutShowingTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> flags(null, "sk-secret-token-value").validate());
        assertEquals("invalid --header: expected 'Name: value' (no ':' found)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> flags(null, "Bad Name: secret").validate());
        assertEquals("invalid --header: 'Bad Name' is not a valid header name", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> flags(null, ": secret").validate());
        assertFalse(e.getMessage().contains("secret"));
        e = assertThrows(IllegalArgumentException.class, () -> flags(null, "Host: evil").validate());
        assertEquals("invalid --header: header Host cannot be set", e.getMessage());
        for (String owned : List.of("Origin: x", "Keep-Alive: 5", "Via: proxy")) { // the HTTP stack would drop them silently
            e = assertThrows(IllegalArgumentException.class, () -> flags(null, owned).validate());
            assertTrue(e.getMessage().endsWith("cannot be set"), e.getMessage());
        }
        e = assertThrows(IllegalArgumentException.class, () -> flags(null, "X-Key: s\u00e9cret").validate());
        assertTrue(e.getMessage().startsWith("invalid --header: the value of X-Key has a character that cannot be sent"));
        assertFalse(e.getMessage().contains("cret"));
        assertEquals("Bearer a:b", resolve(flags(null, "Authorization:  Bearer a:b "), Map.of()).headers().get("Authorization"));
    }

    @Test
    void protocol_compressionAndTimeout_flagsWinOverEnvironment() {
        Map<String, String> env = Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json", "OTEL_EXPORTER_OTLP_COMPRESSION", "gzip",
                "OTEL_EXPORTER_OTLP_TIMEOUT", "2500");
        OtlpSettings s = resolve(flags(null), env);
        assertEquals(OtlpSettings.Protocol.HTTP_JSON, s.protocol());
        assertTrue(s.gzip());
        assertEquals(Duration.ofMillis(2500), s.timeout());
        OtlpSettings f = resolve(new OtlpSettings.Flags(null, "http/protobuf", List.of(), "none", "1.5", null, null, null), env);
        assertEquals(OtlpSettings.Protocol.HTTP_PROTOBUF, f.protocol());
        assertFalse(f.gzip());
        assertEquals(Duration.ofMillis(1500), f.timeout());
        OtlpSettings d = resolve(flags(null), Map.of());
        assertEquals(OtlpSettings.Protocol.HTTP_PROTOBUF, d.protocol());
        assertFalse(d.gzip());
        assertEquals(Duration.ofSeconds(10), d.timeout());
        assertEquals(Duration.ofMillis(500), OtlpSettings.flagTimeout("500ms"));
        assertEquals(Duration.ofMinutes(1), OtlpSettings.flagTimeout("1m"));
        assertEquals(Duration.ofSeconds(60), resolve(flags(null), Map.of("OTEL_EXPORTER_OTLP_TIMEOUT", "0")).timeout(),
                "no limit still ends: the retry budget");
    }

    @Test
    void badValues_areExplained() {
        assertEquals("--protocol: grpc is not supported, use http/protobuf or http/json",
                assertThrows(IllegalArgumentException.class, () -> new OtlpSettings.Flags(null, "grpc", null, null, null, null, null, null).validate()).getMessage());
        assertEquals("OTEL_EXPORTER_OTLP_PROTOCOL: unknown protocol 'thrift' (use http/protobuf or http/json)",
                assertThrows(IllegalArgumentException.class, () -> resolve(flags(null), Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "thrift"))).getMessage());
        assertEquals("--endpoint: the URL must start with http:// or https://",
                assertThrows(IllegalArgumentException.class, () -> flags("localhost:4318").validate()).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OtlpSettings.Flags(null, null, null, "zstd", null, null, null, null).validate())
                .getMessage().contains("unknown compression 'zstd'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OtlpSettings.Flags(null, null, null, null, "soon", null, null, null).validate())
                .getMessage().startsWith("--timeout: expected seconds"));
        assertEquals("OTEL_EXPORTER_OTLP_TIMEOUT must be a whole number of milliseconds, got '1.5s'",
                assertThrows(IllegalArgumentException.class, () -> resolve(flags(null), Map.of("OTEL_EXPORTER_OTLP_TIMEOUT", "1.5s"))).getMessage());
    }

    @Test
    void serviceNameAndResourceAttributes_followThePrecedenceRules() {
        Map<String, String> env = Map.of("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attrs,deployment.environment=prod,team=a%2Cb");
        OtlpSettings s = resolve(flags(null), env);
        assertEquals("from-attrs", s.serviceName());
        assertEquals(Map.of("deployment.environment", "prod", "team", "a,b"), s.resourceAttributes());
        assertEquals("from-env", resolve(flags(null), Map.of("OTEL_SERVICE_NAME", "from-env",
                "OTEL_RESOURCE_ATTRIBUTES", "service.name=x")).serviceName());
        assertEquals("from-flag", resolve(new OtlpSettings.Flags(null, null, null, null, null, "from-flag", null, null),
                Map.of("OTEL_SERVICE_NAME", "from-env")).serviceName());
        assertEquals("agent-strace", resolve(flags(null), Map.of()).serviceName());
        OtlpSettings bad = resolve(flags(null), Map.of("OTEL_RESOURCE_ATTRIBUTES", "a=1,broken,b=2"));
        assertEquals(Map.of(), bad.resourceAttributes(), "a decoding error discards the whole variable");
        assertEquals(1, bad.warnings().size());
    }

    @Test
    void endpointForDisplay_dropsUserInfoAndQuery() {
        OtlpSettings s = resolve(flags("https://user:pw@h.example:443/x?key=secret"), Map.of());
        assertEquals("https://h.example:443/x/v1/traces", s.endpointForDisplay());
        assertTrue(s.endpoint().toString().contains("key=secret"), "the query still goes to the server");
    }
}
