package io.github.agentstrace.otlp;

import java.nio.charset.StandardCharsets;

/**
 * The one protobuf wire-format reader: strict, over a slice of one byte array (nested messages are slices,
 * never copies). Anything that does not fit the wire format (a truncated varint or field, a length past the
 * end, a group, an unknown wire type, a field read with the wrong wire type) is a {@link Malformed}. The
 * receiver refuses such a request whole; the sender, reading a collector's answer, keeps what it read before.
 */
public final class ProtoInput {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LEN = 2;
    public static final int FIXED32 = 5;

    /** Bytes that are not protobuf wire format; the message says what and where. */
    public static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] in;
    private final int end;
    private int pos;
    private int field;
    private int wireType;

    public ProtoInput(byte[] in) {
        this(in, 0, in.length);
    }

    private ProtoInput(byte[] in, int start, int end) {
        this.in = in;
        this.pos = start;
        this.end = end;
    }

    /** Moves to the next field; false at the end of this message. */
    public boolean next() {
        if (pos >= end) {
            return false;
        }
        long tag = varint();
        long number = tag >>> 3;
        if (number == 0 || number > 0x1FFFFFFFL) {
            throw new Malformed("protobuf field number " + number + " at byte " + pos + " is out of range");
        }
        field = (int) number;
        wireType = (int) (tag & 7);
        return true;
    }

    public int field() {
        return field;
    }

    public int wireType() {
        return wireType;
    }

    public long uint64() {
        expect(VARINT);
        return varint();
    }

    public long fixed64() {
        expect(FIXED64);
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) (in[pos++] & 0xff) << (8 * i);
        }
        return v;
    }

    public int fixed32() {
        expect(FIXED32);
        need(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (in[pos++] & 0xff) << (8 * i);
        }
        return v;
    }

    public double float64() {
        return Double.longBitsToDouble(fixed64());
    }

    public String string() {
        int len = length();
        String s = new String(in, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    public byte[] bytes() {
        int len = length();
        byte[] out = java.util.Arrays.copyOfRange(in, pos, pos + len);
        pos += len;
        return out;
    }

    /** The embedded message of this field. */
    public ProtoInput message() {
        int len = length();
        ProtoInput m = new ProtoInput(in, pos, pos + len);
        pos += len;
        return m;
    }

    /** Skips this field's value, checking it fits. */
    public void skip() {
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
            default -> throw new Malformed("protobuf wire type " + wireType + " of field " + field
                    + " is not supported (groups are deprecated, 6 and 7 do not exist)");
        }
    }

    /** Reads every field of this message as wire format only: a check for messages whose content we ignore. */
    public void skipAll() {
        while (next()) {
            skip();
        }
    }

    private int length() {
        expect(LEN);
        long len = varint();
        if (len < 0 || len > end - pos) {
            throw new Malformed("protobuf field " + field + " claims " + len + " bytes, but only "
                    + (end - pos) + " remain");
        }
        return (int) len;
    }

    private long varint() {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= end) {
                throw new Malformed("protobuf varint truncated at byte " + pos);
            }
            byte b = in[pos++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new Malformed("protobuf varint longer than 10 bytes at byte " + pos);
    }

    private void need(int n) {
        if (end - pos < n) {
            throw new Malformed("protobuf field " + field + " truncated at byte " + pos);
        }
    }

    private void expect(int wanted) {
        if (wireType != wanted) {
            throw new Malformed("protobuf field " + field + " has wire type " + wireType + ", expected "
                    + wanted);
        }
    }
}
