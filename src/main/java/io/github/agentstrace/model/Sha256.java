package io.github.agentstrace.model;

/**
 * SHA-256 (FIPS 180-4) of byte arrays: the one SHA-256 of the project (the store's event chain, OTLP's trace and
 * span ids). Why not {@code MessageDigest}: its first use in a JVM starts the security provider framework, which
 * costs a hook process about 35 ms of CPU (measured with the hook's JVM flags) on a path that is otherwise a few
 * tens of ms, and each digest goes through the provider's engine; this is the same function without either,
 * checked against {@code MessageDigest} in the tests.
 */
public final class Sha256 {
    private static final int[] K = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

    private Sha256() {
    }

    /** The digest of {@code a} followed by {@code b}. */
    public static byte[] of(byte[] a, byte[] b) {
        long length = (long) a.length + b.length;
        int padded = (int) ((length + 9 + 63) / 64 * 64);
        byte[] m = new byte[padded];
        System.arraycopy(a, 0, m, 0, a.length);
        System.arraycopy(b, 0, m, a.length, b.length);
        m[(int) length] = (byte) 0x80;
        long bits = length * 8;
        for (int i = 0; i < 8; i++) {
            m[padded - 1 - i] = (byte) (bits >>> (8 * i));
        }
        int[] h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
        int[] w = new int[64];
        for (int block = 0; block < padded; block += 64) {
            for (int t = 0; t < 16; t++) {
                int j = block + t * 4;
                w[t] = (m[j] & 0xff) << 24 | (m[j + 1] & 0xff) << 16 | (m[j + 2] & 0xff) << 8 | (m[j + 3] & 0xff);
            }
            for (int t = 16; t < 64; t++) {
                int s0 = Integer.rotateRight(w[t - 15], 7) ^ Integer.rotateRight(w[t - 15], 18) ^ (w[t - 15] >>> 3);
                int s1 = Integer.rotateRight(w[t - 2], 17) ^ Integer.rotateRight(w[t - 2], 19) ^ (w[t - 2] >>> 10);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }
            int x0 = h[0];
            int x1 = h[1];
            int x2 = h[2];
            int x3 = h[3];
            int x4 = h[4];
            int x5 = h[5];
            int x6 = h[6];
            int x7 = h[7];
            for (int t = 0; t < 64; t++) {
                int t1 = x7 + (Integer.rotateRight(x4, 6) ^ Integer.rotateRight(x4, 11) ^ Integer.rotateRight(x4, 25))
                        + ((x4 & x5) ^ (~x4 & x6)) + K[t] + w[t];
                int t2 = (Integer.rotateRight(x0, 2) ^ Integer.rotateRight(x0, 13) ^ Integer.rotateRight(x0, 22))
                        + ((x0 & x1) ^ (x0 & x2) ^ (x1 & x2));
                x7 = x6;
                x6 = x5;
                x5 = x4;
                x4 = x3 + t1;
                x3 = x2;
                x2 = x1;
                x1 = x0;
                x0 = t1 + t2;
            }
            h[0] += x0;
            h[1] += x1;
            h[2] += x2;
            h[3] += x3;
            h[4] += x4;
            h[5] += x5;
            h[6] += x6;
            h[7] += x7;
        }
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            out[4 * i] = (byte) (h[i] >>> 24);
            out[4 * i + 1] = (byte) (h[i] >>> 16);
            out[4 * i + 2] = (byte) (h[i] >>> 8);
            out[4 * i + 3] = (byte) h[i];
        }
        return out;
    }
}
