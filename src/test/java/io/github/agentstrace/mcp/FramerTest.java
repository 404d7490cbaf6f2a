package io.github.agentstrace.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FramerTest {
    private final List<String> frames = new ArrayList<>();
    private final Framer framer = new Framer(new Framer.Listener() {
        @Override
        public void json(String text, boolean contentLength) {
            frames.add((contentLength ? "CL:" : "") + text);
        }

        @Override
        public void unparsed(String reason, byte[] sample) {
            frames.add("!" + reason);
        }
    }, 1 << 20);

    private void feedInPieces(byte[] all, long seed) {
        Random r = new Random(seed);
        int i = 0;
        while (i < all.length) {
            int n = Math.min(all.length - i, 1 + r.nextInt(7));
            framer.feed(all, i, n);
            i += n;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void feed_splitsNdjsonContentLengthAndBatchesWhateverTheChunking() {
        String body = "{\"id\":7,\"x\":\"é\"}";
        String input = "{\"a\":1}\r\n\n   \n[{\"b\":2}]\nContent-Length: " + bytes(body).length
                + "\r\nContent-Type: application/json\r\n\r\n" + body + "{\"c\":3}\n";
        for (long seed = 0; seed < 20; seed++) {
            frames.clear();
            feedInPieces(bytes(input), seed);
            framer.end();
            assertEquals(List.of("{\"a\":1}", "[{\"b\":2}]", "CL:" + body, "{\"c\":3}"), frames, "seed " + seed);
        }
    }

    @Test
    void feed_reportsJunkAndInvalidUtf8AndCarriesOn() {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(bytes("this line is not json\n"));
        in.writeBytes(new byte[] {'{', '"', (byte) 0xc3, '"', '}', '\n'});
        in.writeBytes(bytes("{\"ok\":true}\n"));
        framer.feed(in.toByteArray(), 0, in.size());
        assertEquals(List.of("!not JSON-RPC: a line that is not JSON", "!invalid UTF-8", "{\"ok\":true}"), frames);
    }

    @Test
    void end_reportsAPartialFrame() {
        framer.feed(bytes("{\"a\":"), 0, 5);
        framer.end();
        assertEquals(1, frames.size());
        assertTrue(frames.get(0).startsWith("!incomplete frame at end of stream (5 bytes"), frames.get(0));
    }

    @Test
    void end_reportsATruncatedContentLengthBody() {
        framer.feed(bytes("Content-Length: 100\r\n\r\n{\"a\""), 0, 27);
        framer.end();
        assertTrue(frames.get(0).contains("of a 100-byte Content-Length body"), frames.get(0));
    }

    @Test
    void feed_skipsFramesOverTheLimitAndResumes() {
        byte[] big = new byte[(1 << 20) + 10];
        java.util.Arrays.fill(big, (byte) 'x');
        big[0] = '{';
        framer.feed(big, 0, big.length);
        framer.feed(bytes("\n{\"next\":1}\n"), 0, 12);
        assertEquals(2, frames.size());
        assertTrue(frames.get(0).contains("larger than the 1048576-byte recording limit"), frames.get(0));
        assertEquals("{\"next\":1}", frames.get(1));
    }

    @Test
    void gap_dropsTheFrameInProgressAndResyncsAtTheNextNewline() {
        framer.feed(bytes("{\"half"), 0, 6);
        framer.gap(4096);
        framer.feed(bytes("tail of a lost frame\n{\"z\":0}\n"), 0, 29);
        assertEquals(List.of("!recording gap: 4096 bytes were forwarded but not recorded", "{\"z\":0}"), frames);
    }

    @Test
    void feed_badContentLengthIsReportedNotFatal() {
        framer.feed(bytes("Content-Length: abc\r\n\r\n{\"a\":1}\n"), 0, 31);
        assertEquals(List.of("!Content-Length headers without a valid length", "{\"a\":1}"), frames);
    }
}
