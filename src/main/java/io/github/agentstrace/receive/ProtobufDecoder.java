package io.github.agentstrace.receive;

import io.github.agentstrace.otlp.ProtoInput;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes OTLP/HTTP protobuf bodies ({@code ExportLogsServiceRequest}, {@code ExportTraceServiceRequest},
 * {@code ExportMetricsServiceRequest}) with the field numbers of opentelemetry-proto 1.x, reading only what the
 * mapping needs and checking the rest as wire format (with the one wire reader, {@link ProtoInput}). Unknown fields are skipped, as protobuf requires.
 * Nested values deeper than {@link #MAX_DEPTH} are refused rather than recursed into.
 */
final class ProtobufDecoder {
    /** Nesting of AnyValue arrays and key-value lists. */
    static final int MAX_DEPTH = 32;

    private ProtobufDecoder() {
    }

    static Telemetry decode(Signal signal, byte[] body) {
        try {
            return read(signal, body);
        } catch (ProtoInput.Malformed e) {
            throw new MalformedTelemetry(e.getMessage());
        }
    }

    private static Telemetry read(Signal signal, byte[] body) {
        ProtoInput in = new ProtoInput(body);
        List<ReceivedLog> logs = new ArrayList<>();
        List<ReceivedSpan> spans = new ArrayList<>();
        long[] points = {0};
        while (in.next()) {
            if (in.field() != 1) {
                in.skip();
                continue;
            }
            ProtoInput resourceItems = in.message();
            switch (signal) {
                case LOGS -> resourceLogs(resourceItems, logs);
                case TRACES -> resourceSpans(resourceItems, spans);
                case METRICS -> points[0] += resourceMetrics(resourceItems);
            }
        }
        return new Telemetry(signal, logs, spans, points[0]);
    }

    // ---- logs --------------------------------------------------------------------------------------------

    private static void resourceLogs(ProtoInput in, List<ReceivedLog> out) {
        Map<String, Object> resource = Map.of();
        List<ProtoInput> scopes = new ArrayList<>();
        while (in.next()) {
            switch (in.field()) {
                case 1 -> resource = resource(in.message());
                case 2 -> scopes.add(in.message());
                default -> in.skip();
            }
        }
        for (ProtoInput scope : scopes) {
            while (scope.next()) {
                if (scope.field() == 2) {
                    out.add(logRecord(scope.message(), resource));
                } else {
                    scope.skip();
                }
            }
        }
    }

    private static ReceivedLog logRecord(ProtoInput in, Map<String, Object> resource) {
        long time = 0;
        long observed = 0;
        Object body = null;
        Map<String, Object> attributes = new LinkedHashMap<>();
        String traceId = null;
        String spanId = null;
        String eventName = null;
        while (in.next()) {
            switch (in.field()) {
                case 1 -> time = in.fixed64();
                case 5 -> body = anyValue(in.message(), 0);
                case 6 -> keyValue(in.message(), attributes, 0);
                case 9 -> traceId = id(in.bytes(), 16, "trace_id");
                case 10 -> spanId = id(in.bytes(), 8, "span_id");
                case 11 -> observed = in.fixed64();
                case 12 -> eventName = in.string();
                default -> in.skip();
            }
        }
        return new ReceivedLog(resource, time, observed, body, attributes, traceId, spanId, eventName);
    }

    // ---- traces ------------------------------------------------------------------------------------------

    private static void resourceSpans(ProtoInput in, List<ReceivedSpan> out) {
        Map<String, Object> resource = Map.of();
        List<ProtoInput> scopes = new ArrayList<>();
        while (in.next()) {
            switch (in.field()) {
                case 1 -> resource = resource(in.message());
                case 2 -> scopes.add(in.message());
                default -> in.skip();
            }
        }
        for (ProtoInput scope : scopes) {
            while (scope.next()) {
                if (scope.field() == 2) {
                    out.add(span(scope.message(), resource));
                } else {
                    scope.skip();
                }
            }
        }
    }

    private static ReceivedSpan span(ProtoInput in, Map<String, Object> resource) {
        String traceId = null;
        String spanId = null;
        String parent = null;
        String name = "";
        long start = 0;
        long end = 0;
        Map<String, Object> attributes = new LinkedHashMap<>();
        int code = 0;
        String message = null;
        while (in.next()) {
            switch (in.field()) {
                case 1 -> traceId = id(in.bytes(), 16, "trace_id");
                case 2 -> spanId = id(in.bytes(), 8, "span_id");
                case 4 -> parent = id(in.bytes(), 8, "parent_span_id");
                case 5 -> name = in.string();
                case 7 -> start = in.fixed64();
                case 8 -> end = in.fixed64();
                case 9 -> keyValue(in.message(), attributes, 0);
                case 11, 13 -> in.message().skipAll();
                case 15 -> {
                    ProtoInput status = in.message();
                    while (status.next()) {
                        switch (status.field()) {
                            case 2 -> message = status.string();
                            case 3 -> code = (int) status.uint64();
                            default -> status.skip();
                        }
                    }
                }
                default -> in.skip();
            }
        }
        return new ReceivedSpan(resource, traceId, spanId, parent, name, start, end, attributes, code, message);
    }

    // ---- metrics -----------------------------------------------------------------------------------------

    /** The number of data points under one ResourceMetrics. */
    private static long resourceMetrics(ProtoInput in) {
        long points = 0;
        while (in.next()) {
            if (in.field() == 1) {
                resource(in.message());
            } else if (in.field() == 2) {
                ProtoInput scope = in.message();
                while (scope.next()) {
                    if (scope.field() == 2) {
                        points += metric(scope.message());
                    } else {
                        scope.skip();
                    }
                }
            } else {
                in.skip();
            }
        }
        return points;
    }

    private static long metric(ProtoInput in) {
        long points = 0;
        while (in.next()) {
            switch (in.field()) {
                case 1 -> in.string();
                case 5, 7, 9, 10, 11 -> { // gauge, sum, histogram, exponential histogram, summary
                    ProtoInput data = in.message();
                    while (data.next()) {
                        if (data.field() == 1) {
                            data.message().skipAll();
                            points++;
                        } else {
                            data.skip();
                        }
                    }
                }
                default -> in.skip();
            }
        }
        return points;
    }

    // ---- common ------------------------------------------------------------------------------------------

    private static Map<String, Object> resource(ProtoInput in) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        while (in.next()) {
            if (in.field() == 1) {
                keyValue(in.message(), attributes, 0);
            } else {
                in.skip();
            }
        }
        return Collections.unmodifiableMap(attributes);
    }

    private static void keyValue(ProtoInput in, Map<String, Object> into, int depth) {
        String key = "";
        Object value = null;
        while (in.next()) {
            switch (in.field()) {
                case 1 -> key = in.string();
                case 2 -> value = anyValue(in.message(), depth);
                default -> in.skip();
            }
        }
        into.put(key, value);
    }

    private static Object anyValue(ProtoInput in, int depth) {
        if (depth > MAX_DEPTH) {
            throw new MalformedTelemetry("attribute values nested deeper than " + MAX_DEPTH + " levels");
        }
        Object value = null;
        while (in.next()) {
            switch (in.field()) {
                case 1 -> value = in.string();
                case 2 -> value = in.uint64() != 0;
                case 3 -> value = in.uint64();
                case 4 -> value = in.float64();
                case 5 -> {
                    List<Object> list = new ArrayList<>();
                    ProtoInput array = in.message();
                    while (array.next()) {
                        if (array.field() == 1) {
                            list.add(anyValue(array.message(), depth + 1));
                        } else {
                            array.skip();
                        }
                    }
                    value = list;
                }
                case 6 -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    ProtoInput kvs = in.message();
                    while (kvs.next()) {
                        if (kvs.field() == 1) {
                            keyValue(kvs.message(), map, depth + 1);
                        } else {
                            kvs.skip();
                        }
                    }
                    value = map;
                }
                case 7 -> value = Base64.getEncoder().encodeToString(in.bytes());
                default -> in.skip();
            }
        }
        return value;
    }

    /** Lowercase hex of an id, or null when it is empty; any other length than the OTLP one is malformed. */
    private static String id(byte[] bytes, int size, String what) {
        if (bytes.length == 0) {
            return null;
        }
        if (bytes.length != size) {
            throw new MalformedTelemetry(what + " has " + bytes.length + " bytes, expected " + size);
        }
        StringBuilder sb = new StringBuilder(size * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
