package io.github.agentstrace.otlp;

import java.util.Arrays;

/**
 * Just enough protobuf decoding to read a receiver's answer (partial success, error status). Malformed
 * input ends the iteration instead of throwing: a garbled response must not hide the HTTP status.
 */
final class ProtoReader {
    private final byte[] in;
    private int pos;
    private int field;
    private int wireType;

    ProtoReader(byte[] in) {
        this.in = in;
    }

    boolean next() {
        if (pos >= in.length) {
            return false;
        }
        long tag = varint();
        if (tag < 0) {
            pos = in.length;
            return false;
        }
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        return field > 0;
    }

    int field() {
        return field;
    }

    int wireType() {
        return wireType;
    }

    /** The next varint, or -1 when the input ends inside it. */
    long varint() {
        long v = 0;
        for (int shift = 0; shift < 64 && pos < in.length; shift += 7) {
            byte b = in[pos++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        pos = in.length;
        return -1;
    }

    byte[] bytes() {
        long len = varint();
        if (len < 0 || len > in.length - pos) {
            pos = in.length;
            return new byte[0];
        }
        byte[] out = Arrays.copyOfRange(in, pos, pos + (int) len);
        pos += (int) len;
        return out;
    }

    void skip() {
        switch (wireType) {
            case 0 -> varint();
            case 1 -> pos += 8;
            case 2 -> bytes();
            case 5 -> pos += 4;
            default -> pos = in.length;
        }
        pos = Math.min(pos, in.length);
    }
}
