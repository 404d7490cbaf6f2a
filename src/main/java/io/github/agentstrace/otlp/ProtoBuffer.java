package io.github.agentstrace.otlp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with the protobuf wire primitives the OTLP encoder needs: varints, little-endian
 * fixed64, and length-delimited fields. Nested messages are encoded into their own buffer first, so each
 * length prefix is known when it is written. Public for the receiver's responses (a partial success, a status).
 */
public final class ProtoBuffer {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;

    private byte[] buf;
    private int size;

    public ProtoBuffer() {
        this(64);
    }

    ProtoBuffer(int capacity) {
        buf = new byte[Math.max(0, capacity)];
    }

    int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** The content, without a copy when the buffer was sized exactly. */
    byte[] array() {
        return size == buf.length ? buf : toByteArray();
    }

    void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    /** An unsigned varint; a negative int64 therefore takes ten bytes, as protobuf requires. */
    void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    void fixed64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    void raw(byte[] bytes, int length) {
        ensure(length);
        System.arraycopy(bytes, 0, buf, size, length);
        size += length;
    }

    void raw(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    /** Empties the buffer, keeping its capacity: one buffer serves message after message. */
    void reset() {
        size = 0;
    }

    /** The backing array; its first {@link #size()} bytes are the content. */
    byte[] buffer() {
        return buf;
    }

    /** Writes the content to {@code out}. */
    void writeTo(java.io.OutputStream out) throws java.io.IOException {
        out.write(buf, 0, size);
    }

    void raw(ProtoBuffer other) {
        ensure(other.size);
        System.arraycopy(other.buf, 0, buf, size, other.size);
        size += other.size;
    }

    // ---- fields ----

    public void varintField(int field, long v) {
        tag(field, VARINT);
        varint(v);
    }

    void fixed64Field(int field, long v) {
        tag(field, FIXED64);
        fixed64(v);
    }

    void bytesField(int field, byte[] bytes) {
        tag(field, LEN);
        varint(bytes.length);
        raw(bytes);
    }

    public void stringField(int field, String s) {
        bytesField(field, s.getBytes(StandardCharsets.UTF_8));
    }

    public void messageField(int field, ProtoBuffer message) {
        tag(field, LEN);
        varint(message.size);
        raw(message);
    }

    /** The number of bytes {@code v} takes as a varint. */
    static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            n++;
            v >>>= 7;
        }
        return n;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            long wanted = Math.max(Math.max(16L, (long) buf.length * 2), (long) size + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("protobuf message too large");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }
}
