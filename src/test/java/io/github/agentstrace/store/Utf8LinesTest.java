package io.github.agentstrace.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The store's line reader gives exactly the lines of {@code BufferedReader.readLine} over a replacing UTF-8 decoder. */
class Utf8LinesTest {
    private static List<String> readLine(byte[] bytes) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
            }
        }
        return out;
    }

    private static List<String> utf8Lines(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        try (Utf8Lines lines = new Utf8Lines(in)) {
            while (lines.next()) {
                assertEquals(lines.line().length(), lines.length());
                out.add(lines.line());
            }
        }
        return out;
    }

    /** A stream that hands out at most {@code step} bytes per read, so that lines and characters straddle reads. */
    private static InputStream trickle(byte[] bytes, int step) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    @Test
    void lineEndsAndEdges() throws IOException {
        for (String text : new String[] {"", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb\r", "\r\n\r\n", "\n\n\n", "\r\r\n\n",
                "x\r", "x\r\n", " \t \n", "λ→∞\n😀\r\nend"}) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            assertEquals(readLine(b), utf8Lines(new ByteArrayInputStream(b)), text);
            assertEquals(readLine(b), utf8Lines(trickle(b, 1)), text);
        }
    }

    @Test
    void invalidUtf8_isReplacedAsTheDecoderReplacesIt() throws IOException {
        byte[][] cases = {
                {(byte) 0xff}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xe2, (byte) 0x82, '\n', 'a'}, {(byte) 0xe2, '\n'},
                {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, '\r', '\n'}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {'a', (byte) 0x80, (byte) 0x80, 'b'}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        };
        for (byte[] b : cases) {
            assertEquals(readLine(b), utf8Lines(new ByteArrayInputStream(b)));
            assertEquals(readLine(b), utf8Lines(trickle(b, 1)));
        }
    }

    @Test
    void randomBytesAndText_inReadsOfEverySize() throws IOException {
        Random r = new Random(11);
        String[] pieces = {"a", "{\"k\":1}", "λ", "→", "😀", "\n", "\r", "\r\n", " ", "\t", "na\u00efve"};
        for (int round = 0; round < 300; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int n = r.nextInt(400);
            for (int i = 0; i < n; i++) {
                if (r.nextInt(10) == 0) {
                    out.write(r.nextInt(256)); // any byte, valid or not
                } else {
                    byte[] p = pieces[r.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8);
                    out.write(p, 0, p.length);
                }
            }
            byte[] b = out.toByteArray();
            List<String> expected = readLine(b);
            assertEquals(expected, utf8Lines(new ByteArrayInputStream(b)), "round " + round);
            assertEquals(expected, utf8Lines(trickle(b, 1 + r.nextInt(7))), "round " + round);
        }
    }

    @Test
    void linesLongerThanTheBufferAndAcrossItsEdge() throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("x".repeat((1 << 16) - 1)).append("\r\n"); // the \r last in the first buffer, the \n first in the next
        sb.append("λ".repeat(200_000)).append('\n'); // 400 KB of two-byte characters
        sb.append("y".repeat(5 << 20)); // 5 MB, no line end
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(readLine(b), utf8Lines(new ByteArrayInputStream(b)));
        assertEquals(readLine(b), utf8Lines(trickle(b, 4093)));
    }
}
