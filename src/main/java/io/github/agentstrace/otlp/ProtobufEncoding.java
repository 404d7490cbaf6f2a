package io.github.agentstrace.otlp;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP protobuf ({@code application/x-protobuf}), hand-rolled from the opentelemetry-proto field numbers
 * (trace/v1/trace.proto, common/v1/common.proto, collector/trace/v1/trace_service.proto). Proto3 rules:
 * default-valued fields are left out, except the one-of member of an AnyValue.
 */
final class ProtobufEncoding implements Encoding {
    private static final int MAX_KEPT_KEYS = 512;
    private Resource overheadOf;
    private int fixedOverhead;

    @Override
    public String contentType() {
        return "application/x-protobuf";
    }

    @Override
    public SpanWriter spans(SpanSink sink) {
        return new SpanWriter() {
            // Reused span after span: a span is encoded into these and handed on, never kept.
            private final ProtoBuffer b = new ProtoBuffer(1024);
            private final ProtoBuffer ev = new ProtoBuffer(256);
            /** Attribute keys in UTF-8: the same few dozen keys come in span after span. */
            private final Map<String, byte[]> keys = new HashMap<>();

            private byte[] utf8(String key) {
                byte[] k = keys.get(key);
                if (k == null) {
                    k = key.getBytes(StandardCharsets.UTF_8);
                    if (keys.size() < MAX_KEPT_KEYS) { // keys from recorded data can be many
                        keys.put(key, k);
                    }
                }
                return k;
            }

            @Override
            public void begin(byte[] traceId, byte[] spanId, byte[] parentSpanId, String name, int kind,
                              long startUnixNano, long endUnixNano) {
                b.reset();
                b.bytesField(1, traceId);
                b.bytesField(2, spanId);
                if (parentSpanId != null) {
                    b.bytesField(4, parentSpanId);
                }
                b.stringField(5, name);
                b.varintField(6, kind);
                b.fixed64Field(7, startUnixNano);
                b.fixed64Field(8, endUnixNano);
            }

            @Override
            public void attribute(String key, Object value) {
                keyValue(b, 9, utf8(key), value);
            }

            @Override
            public void attributesEnd(int dropped) {
                if (dropped > 0) {
                    b.varintField(10, dropped);
                }
            }

            @Override
            public void event(long timeUnixNano, String name, List<KeyValue> attributes, int droppedAttributes) {
                ev.reset();
                ev.fixed64Field(1, timeUnixNano);
                ev.stringField(2, name);
                for (KeyValue kv : attributes) {
                    keyValue(ev, 3, utf8(kv.key()), kv.value());
                }
                if (droppedAttributes > 0) {
                    ev.varintField(4, droppedAttributes);
                }
                b.messageField(11, ev);
            }

            @Override
            public void end(int droppedEvents, int statusCode, String statusMessage) {
                if (droppedEvents > 0) {
                    b.varintField(12, droppedEvents);
                }
                if (statusCode != Span.STATUS_UNSET || statusMessage != null) {
                    ev.reset();
                    if (statusMessage != null && !statusMessage.isEmpty()) {
                        ev.stringField(2, statusMessage);
                    }
                    if (statusCode != 0) {
                        ev.varintField(3, statusCode);
                    }
                    b.messageField(15, ev);
                }
                sink.span(b.buffer(), b.size());
            }
        };
    }

    /**
     * A KeyValue as field {@code field} of {@code out}. A scalar value's size is known before it is written, so
     * the pair goes straight into {@code out}; only arrays are built in buffers of their own first.
     */
    private static void keyValue(ProtoBuffer out, int field, byte[] key, Object v) {
        if (v instanceof List<?>) {
            ProtoBuffer b = new ProtoBuffer(key.length + 32);
            b.bytesField(1, key);
            b.messageField(2, anyValue(v));
            out.messageField(field, b);
            return;
        }
        byte[] text = null;
        int valueSize; // the AnyValue: one-byte tag and the member
        if (v instanceof String s) {
            text = s.getBytes(StandardCharsets.UTF_8);
            valueSize = 1 + ProtoBuffer.varintSize(text.length) + text.length;
        } else if (v instanceof Boolean) {
            valueSize = 2;
        } else if (v instanceof Long l) {
            valueSize = 1 + ProtoBuffer.varintSize(l);
        } else if (v instanceof Double) {
            valueSize = 9;
        } else {
            text = String.valueOf(v).getBytes(StandardCharsets.UTF_8);
            valueSize = 1 + ProtoBuffer.varintSize(text.length) + text.length;
        }
        out.tag(field, ProtoBuffer.LEN);
        out.varint(1 + ProtoBuffer.varintSize(key.length) + key.length + 1 + ProtoBuffer.varintSize(valueSize)
                + valueSize);
        out.bytesField(1, key);
        out.tag(2, ProtoBuffer.LEN);
        out.varint(valueSize);
        if (text != null) {
            out.bytesField(1, text);
        } else if (v instanceof Boolean bool) {
            out.varintField(2, bool ? 1 : 0);
        } else if (v instanceof Long l) {
            out.varintField(3, l);
        } else {
            out.fixed64Field(4, Double.doubleToRawLongBits((Double) v));
        }
    }

    private static ProtoBuffer anyValue(Object v) {
        ProtoBuffer b = new ProtoBuffer(32);
        if (v instanceof String s) {
            b.stringField(1, s);
        } else if (v instanceof Boolean bool) {
            b.varintField(2, bool ? 1 : 0);
        } else if (v instanceof Long l) {
            b.varintField(3, l);
        } else if (v instanceof Double d) {
            b.fixed64Field(4, Double.doubleToRawLongBits(d));
        } else if (v instanceof List<?> list) {
            ProtoBuffer arr = new ProtoBuffer();
            for (Object item : list) {
                arr.messageField(1, anyValue(item));
            }
            b.messageField(5, arr);
        } else {
            b.stringField(1, String.valueOf(v));
        }
        return b;
    }

    private static ProtoBuffer resource(Resource r) {
        ProtoBuffer res = new ProtoBuffer();
        for (KeyValue kv : r.attributes()) {
            keyValue(res, 1, kv.key().getBytes(StandardCharsets.UTF_8), kv.value());
        }
        return res;
    }

    private static ProtoBuffer scope(Resource r) {
        ProtoBuffer sc = new ProtoBuffer();
        sc.stringField(1, r.scopeName());
        if (r.scopeVersion() != null && !r.scopeVersion().isEmpty()) {
            sc.stringField(2, r.scopeVersion());
        }
        return sc;
    }

    @Override
    public void frame(ProtoBuffer batch, int count, byte[] span, int length) {
        batch.tag(2, ProtoBuffer.LEN);
        batch.varint(length);
        batch.raw(span, length);
    }

    @Override
    public byte[] head(Resource r, long framedBytes) {
        // ExportTraceServiceRequest{1: ResourceSpans{1: resource, 2: ScopeSpans{1: scope, 2: span...}}}: the
        // lengths of the two enclosing messages follow from the spans' framed size, so the spans are never copied
        // into them.
        ProtoBuffer resource = resource(r);
        ProtoBuffer scope = scope(r);
        long scopeSpansLen = fieldSize(scope.size()) + framedBytes;
        long resourceSpansLen = fieldSize(resource.size()) + fieldSize(scopeSpansLen);
        if (fieldSize(resourceSpansLen) > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("OTLP request too large: " + fieldSize(resourceSpansLen) + " bytes");
        }
        ProtoBuffer out = new ProtoBuffer(resource.size() + scope.size() + 32);
        out.tag(1, ProtoBuffer.LEN);
        out.varint(resourceSpansLen);
        out.messageField(1, resource);
        out.tag(2, ProtoBuffer.LEN);
        out.varint(scopeSpansLen);
        out.messageField(1, scope);
        return out.toByteArray();
    }

    @Override
    public byte[] tail() {
        return new byte[0];
    }

    /** Bytes of a length-delimited field with a one-byte tag and {@code len} bytes of content. */
    private static long fieldSize(long len) {
        return 1 + ProtoBuffer.varintSize(len) + len;
    }

    @Override
    public int overhead(Resource r, int spanCount, long spanBytes) {
        // tag + length per span, plus the three enclosing messages' tags and lengths and the resource/scope.
        if (r != overheadOf) {
            fixedOverhead = resource(r).size() + scope(r).size() + 40; // once per batcher, not per span
            overheadOf = r;
        }
        return spanCount * 6 + fixedOverhead;
    }

    @Override
    public PartialSuccess partialSuccess(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        boolean found = false;
        long rejected = 0;
        String message = null;
        try {
            ProtoInput top = new ProtoInput(body);
            while (top.next()) {
                if (top.field() == 1 && top.wireType() == ProtoInput.LEN) {
                    found = true;
                    ProtoInput ps = top.message();
                    while (ps.next()) {
                        if (ps.field() == 1 && ps.wireType() == ProtoInput.VARINT) {
                            rejected = ps.uint64();
                        } else if (ps.field() == 2 && ps.wireType() == ProtoInput.LEN) {
                            message = ps.string();
                        } else {
                            ps.skip();
                        }
                    }
                    break;
                }
                top.skip();
            }
        } catch (ProtoInput.Malformed garbled) {
            // a garbled answer must not hide the HTTP status: keep what was read before it
        }
        return found ? new PartialSuccess(rejected, message) : null;
    }

    @Override
    public String statusMessage(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            ProtoInput r = new ProtoInput(body);
            while (r.next()) {
                if (r.field() == 2 && r.wireType() == ProtoInput.LEN) {
                    return r.string();
                }
                r.skip();
            }
        } catch (ProtoInput.Malformed garbled) {
            // as above: no message rather than an exception
        }
        return null;
    }
}
