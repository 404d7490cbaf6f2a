package io.github.agentstrace.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The project's SHA-256 is the JDK's, at every length around the block and padding boundaries. */
class Sha256Test {
    @Test
    void knownVectors() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                HexFormat.of().formatHex(Sha256.of(new byte[0], new byte[0])));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HexFormat.of().formatHex(Sha256.of("a".getBytes(StandardCharsets.US_ASCII), "bc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void sameAsMessageDigest_forEveryLengthUpTo300AndRandomSplits() throws Exception {
        Random r = new Random(7);
        for (int n = 0; n <= 300; n++) {
            byte[] all = new byte[n];
            r.nextBytes(all);
            int cut = n == 0 ? 0 : r.nextInt(n + 1);
            byte[] a = java.util.Arrays.copyOf(all, cut);
            byte[] b = java.util.Arrays.copyOfRange(all, cut, n);
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(all), Sha256.of(a, b), "length " + n);
        }
    }
}
