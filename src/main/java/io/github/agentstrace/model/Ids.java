package io.github.agentstrace.model;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * Event and session id generation in the original's shapes: 12 and 16 lowercase hex characters.
 *
 * <p>Ids come from an injected generator so tests can be deterministic.
 */
public final class Ids {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final RandomGenerator random;

    public Ids(RandomGenerator random) {
        this.random = random;
    }

    /** Ids from a {@link SecureRandom}, the production default. */
    public static Ids secure() {
        return new Ids(new SecureRandom());
    }

    /** A new event id: 12 lowercase hex characters. */
    public String eventId() {
        return hex(12);
    }

    /** A new session id: 16 lowercase hex characters. */
    public String sessionId() {
        return hex(16);
    }

    private String hex(int n) {
        char[] c = new char[n];
        long bits = random.nextLong();
        for (int i = 0; i < n; i++) {
            c[i] = HEX[(int) (bits >>> (60 - 4 * i)) & 0xf];
        }
        return new String(c);
    }

    /**
     * A 64-bit FNV-1a hash of a string's UTF-16 code units: stable across runs and JVMs, for ids derived
     * from other ids and for compact keys of long texts.
     */
    public static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
