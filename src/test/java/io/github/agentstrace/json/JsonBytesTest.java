package io.github.agentstrace.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The UTF-8 builder writes exactly the bytes of Json.write's text, in both non-ASCII styles. */
class JsonBytesTest {
    private static byte[] bytes(JsonBytes b) {
        return Arrays.copyOf(b.buffer(), b.size());
    }

    private static void sameString(String s) {
        JsonBytes b = new JsonBytes(4);
        b.string(s);
        byte[] expected = Json.write(s).getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, bytes(b), () -> "for " + s.chars().mapToObj(Integer::toHexString).toList());
        assertEquals(Json.write(s), Json.write(s, Json.Style.PRETTY), "the two styles escape alike");
    }

    @Test
    void string_escapesAsJsonWriteDoes() {
        for (String s : new String[] {"", "plain", "quote \" and \\ back", "\n\r\t\b\f", "\u0000\u0001\u001f",
                "\u007f DEL", "é ✓ 日本", "\uD83D\uDE00 emoji", "\u2028\u2029", "lone \uD800 high", "lone \uDC00 low",
                "\uDBFF", "end high \uD83D", "\uDE00\uD83D reversed", "<script>&'="}) {
            sameString(s);
        }
    }

    @Test
    void string_escapesAsJsonWriteDoesOnRandomText() {
        SplittableRandom random = new SplittableRandom(3);
        char[] interesting = {'"', '\\', '\n', '\u0000', '\u001f', ' ', '\u007f', '\u0080', '\u07ff', '\u0800',
                '\u2028', '\u2029', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uFFFF', 'a', 'Z'};
        for (int i = 0; i < 100_000; i++) {
            char[] c = new char[random.nextInt(40)];
            for (int j = 0; j < c.length; j++) {
                c[j] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (char) random.nextInt(0x10000);
            }
            sameString(new String(c));
        }
    }

    @Test
    void numbers_areWrittenAsJsonWriteDoes() {
        SplittableRandom random = new SplittableRandom(5);
        JsonBytes b = new JsonBytes(4);
        StringBuilder expected = new StringBuilder();
        for (long v : new long[] {0, 7, -7, 10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
            b.number(v).ascii(',');
            expected.append(Json.write(v)).append(',');
        }
        for (int i = 0; i < 100_000; i++) {
            long v = random.nextLong() >> random.nextInt(64);
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                d = random.nextDouble() * 1e9;
            }
            b.number(v).ascii(' ').number(d).ascii(',');
            expected.append(Json.write(v)).append(' ').append(Json.write(d)).append(',');
        }
        assertEquals(expected.toString(), new String(bytes(b), StandardCharsets.US_ASCII));
        assertThrows(JsonException.class, () -> b.number(Double.NaN));
    }

    @Test
    void hexAndAscii_areWrittenAsThey() {
        JsonBytes b = new JsonBytes(1);
        b.ascii("{\"id\": ").hex(new byte[] {0, 1, (byte) 0xab, (byte) 0xff}).ascii('}');
        assertEquals("{\"id\": \"0001abff\"}", new String(bytes(b), StandardCharsets.US_ASCII));
        b.reset();
        assertEquals(0, b.size());
    }
}
