package io.github.agentstrace.receive;

import java.nio.charset.StandardCharsets;

/**
 * A strict reader of protobuf wire format over a slice of one byte array (nested messages are slices, never
 * copies). Anything that does not fit the wire format (a truncated varint or field, a length past the end,
 * a group, an unknown wire type, a field read with the wrong wire type) is a {@link MalformedTelemetry}.
 * Unlike the encoder's tolerant response reader, a request we cannot read must be refused whole.
 */
final class ProtoInput {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;

    private final byte[] in;
    private final int end;
    private int pos;
    private int field;
    private int wireType;

    ProtoInput(byte[] in) {
        this(in, 0, in.length);
    }

    private ProtoInput(byte[] in, int start, int end) {
        this.in = in;
        this.pos = start;
        this.end = end;
    }

    /** Moves to the next field; false at the end of this message. */
    boolean next() {
        if (pos >= end) {
            return false;
        }
        long tag = varint();
        long number = tag >>> 3;
        if (number == 0 || number > 0x1FFFFFFFL) {
            throw new MalformedTelemetry("protobuf field number " + number + " at byte " + pos + " is out of range");
        }
        field = (int) number;
        wireType = (int) (tag & 7);
        return true;
    }

    int field() {
        return field;
    }

    long uint64() {
        expect(VARINT);
        return varint();
    }

    long fixed64() {
        expect(FIXED64);
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) (in[pos++] & 0xff) << (8 * i);
        }
        return v;
    }

    int fixed32() {
        expect(FIXED32);
        need(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (in[pos++] & 0xff) << (8 * i);
        }
        return v;
    }

    double float64() {
        return Double.longBitsToDouble(fixed64());
    }

    String string() {
        int len = length();
        String s = new String(in, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    byte[] bytes() {
        int len = length();
        byte[] out = java.util.Arrays.copyOfRange(in, pos, pos + len);
        pos += len;
        return out;
    }

    /** The embedded message of this field. */
    ProtoInput message() {
        int len = length();
        ProtoInput m = new ProtoInput(in, pos, pos + len);
        pos += len;
        return m;
    }

    /** Skips this field's value, checking it fits. */
    void skip() {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> {
                need(8);
                pos += 8;
            }
            case LEN -> {
                int len = length(); // not "pos += length()": that would add to pos as it was before the length
                pos += len;
            }
            case FIXED32 -> {
                need(4);
                pos += 4;
            }
            default -> throw new MalformedTelemetry("protobuf wire type " + wireType + " of field " + field
                    + " is not supported (groups are deprecated, 6 and 7 do not exist)");
        }
    }

    /** Reads every field of this message as wire format only: a check for messages whose content we ignore. */
    void skipAll() {
        while (next()) {
            skip();
        }
    }

    private int length() {
        expect(LEN);
        long len = varint();
        if (len < 0 || len > end - pos) {
            throw new MalformedTelemetry("protobuf field " + field + " claims " + len + " bytes, but only "
                    + (end - pos) + " remain");
        }
        return (int) len;
    }

    private long varint() {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= end) {
                throw new MalformedTelemetry("protobuf varint truncated at byte " + pos);
            }
            byte b = in[pos++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new MalformedTelemetry("protobuf varint longer than 10 bytes at byte " + pos);
    }

    private void need(int n) {
        if (end - pos < n) {
            throw new MalformedTelemetry("protobuf field " + field + " truncated at byte " + pos);
        }
    }

    private void expect(int wanted) {
        if (wireType != wanted) {
            throw new MalformedTelemetry("protobuf field " + field + " has wire type " + wireType + ", expected "
                    + wanted);
        }
    }
}
