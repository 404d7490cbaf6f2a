package io.github.agentstrace.otlp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * OTLP protobuf ({@code application/x-protobuf}), hand-rolled from the opentelemetry-proto field numbers
 * (trace/v1/trace.proto, common/v1/common.proto, collector/trace/v1/trace_service.proto). Proto3 rules:
 * default-valued fields are left out, except the one-of member of an AnyValue.
 */
final class ProtobufEncoding implements Encoding {
    @Override
    public String contentType() {
        return "application/x-protobuf";
    }

    @Override
    public byte[] span(Span s) {
        ProtoBuffer b = new ProtoBuffer(256);
        b.bytesField(1, s.traceId());
        b.bytesField(2, s.spanId());
        if (s.parentSpanId() != null) {
            b.bytesField(4, s.parentSpanId());
        }
        b.stringField(5, s.name());
        b.varintField(6, s.kind());
        b.fixed64Field(7, s.startUnixNano());
        b.fixed64Field(8, s.endUnixNano());
        for (KeyValue kv : s.attributes()) {
            keyValue(b, 9, kv);
        }
        if (s.droppedAttributes() > 0) {
            b.varintField(10, s.droppedAttributes());
        }
        for (SpanEvent e : s.events()) {
            ProtoBuffer ev = new ProtoBuffer();
            ev.fixed64Field(1, e.timeUnixNano());
            ev.stringField(2, e.name());
            for (KeyValue kv : e.attributes()) {
                keyValue(ev, 3, kv);
            }
            if (e.droppedAttributes() > 0) {
                ev.varintField(4, e.droppedAttributes());
            }
            b.messageField(11, ev);
        }
        if (s.droppedEvents() > 0) {
            b.varintField(12, s.droppedEvents());
        }
        if (s.statusCode() != Span.STATUS_UNSET || s.statusMessage() != null) {
            ProtoBuffer st = new ProtoBuffer(32);
            if (s.statusMessage() != null && !s.statusMessage().isEmpty()) {
                st.stringField(2, s.statusMessage());
            }
            if (s.statusCode() != 0) {
                st.varintField(3, s.statusCode());
            }
            b.messageField(15, st);
        }
        return b.toByteArray();
    }

    /**
     * A KeyValue as field {@code field} of {@code out}. A scalar value's size is known before it is written, so
     * the pair goes straight into {@code out}; only arrays are built in buffers of their own first.
     */
    private static void keyValue(ProtoBuffer out, int field, KeyValue kv) {
        Object v = kv.value();
        if (v instanceof List<?>) {
            ProtoBuffer b = new ProtoBuffer(kv.key().length() + 32);
            b.stringField(1, kv.key());
            b.messageField(2, anyValue(v));
            out.messageField(field, b);
            return;
        }
        byte[] key = kv.key().getBytes(StandardCharsets.UTF_8);
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
            keyValue(res, 1, kv);
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
    public byte[] request(Resource r, List<byte[]> spans) {
        // Sizes first, then one exact buffer: a batch is copied once, not once per enclosing message.
        ProtoBuffer resource = resource(r);
        ProtoBuffer scope = scope(r);
        long scopeSpansLen = fieldSize(scope.size());
        for (byte[] s : spans) {
            scopeSpansLen += fieldSize(s.length);
        }
        long resourceSpansLen = fieldSize(resource.size()) + fieldSize(scopeSpansLen);
        long total = fieldSize(resourceSpansLen);
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("OTLP request too large: " + total + " bytes");
        }
        ProtoBuffer out = new ProtoBuffer((int) total);
        out.tag(1, ProtoBuffer.LEN);
        out.varint(resourceSpansLen);
        out.messageField(1, resource);
        out.tag(2, ProtoBuffer.LEN);
        out.varint(scopeSpansLen);
        out.messageField(1, scope);
        for (byte[] s : spans) {
            out.bytesField(2, s);
        }
        return out.array();
    }

    /** Bytes of a length-delimited field with a one-byte tag and {@code len} bytes of content. */
    private static long fieldSize(long len) {
        return 1 + ProtoBuffer.varintSize(len) + len;
    }

    @Override
    public int overhead(Resource r, int spanCount, long spanBytes) {
        // tag + length per span, plus the three enclosing messages' tags and lengths and the resource/scope.
        return spanCount * 6 + resource(r).size() + scope(r).size() + 40;
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
