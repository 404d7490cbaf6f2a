package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    private final List<SseParser.SseEvent> events = new ArrayList<>();
    private final ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
    private final SseParser parser = new SseParser((raw, e) -> {
        forwarded.write(raw);
        events.add(e);
    });

    private void feed(String s) throws Exception {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        parser.feed(b, 0, b.length);
    }

    @Test
    void feed_joinsMultiLineDataWithNewlines() throws Exception {
        feed("event: message\nid: 7\ndata: {\"a\":\ndata:1}\n\n");
        assertEquals(List.of(new SseParser.SseEvent("message", "{\"a\":\n1}", "7")), events);
    }

    @Test
    void feed_acceptsCrLfAndBareCr() throws Exception {
        feed("data: one\r\n\r\ndata: two\r\rdata: three\n\n");
        assertEquals(List.of("one", "two", "three"), events.stream().map(SseParser.SseEvent::data).toList());
    }

    @Test
    void feed_ignoresCommentsAndKeepsEventWithoutData() throws Exception {
        feed(": keep-alive\n\nid: prime\ndata:\n\n");
        assertEquals(2, events.size());
        assertNull(events.get(0).data());
        assertEquals("", events.get(1).data());
        assertEquals("prime", events.get(1).id());
    }

    @Test
    void feed_ignoresIdContainingNul() throws Exception {
        feed("id: a\0b\ndata: x\n\n");
        assertNull(events.get(0).id());
    }

    @Test
    void feed_skipsLeadingBom() throws Exception {
        feed("\uFEFFdata: x\n\n");
        assertEquals("x", events.get(0).data());
    }

    @Test
    void feed_sameEventsAndBytesWhateverTheChunking() throws Exception {
        String stream = "id: 1\r\nevent: message\r\ndata: {\"jsonrpc\":\"2.0\",\r\ndata: \"id\":1}\r\n\r\n"
                + ": ping\n\ndata: second\r\rdata: ü€\n\n";
        byte[] all = stream.getBytes(StandardCharsets.UTF_8);
        SseParser whole = new SseParser((raw, e) -> events.add(e));
        whole.feed(all, 0, all.length);
        List<SseParser.SseEvent> expected = List.copyOf(events);
        for (int split = 1; split < all.length; split++) {
            List<SseParser.SseEvent> got = new ArrayList<>();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            SseParser p = new SseParser((raw, e) -> {
                bytes.write(raw);
                got.add(e);
            });
            // three pieces: split inside a line, inside CRLF, inside a multi-byte character
            int second = Math.min(all.length, split + 3);
            p.feed(all, 0, split);
            p.feed(all, split, second - split);
            p.feed(all, second, all.length - second);
            bytes.write(p.pending());
            assertEquals(expected, got, "split at " + split);
            assertArrayEquals(all, bytes.toByteArray(), "split at " + split);
        }
    }

    @Test
    void pending_holdsUnfinishedEventWithoutDispatching() throws Exception {
        feed("data: done\n\ndata: half");
        assertEquals(1, events.size());
        assertEquals("data: half", new String(parser.pending(), StandardCharsets.UTF_8));
        assertEquals("data: done\n\n", forwarded.toString(StandardCharsets.UTF_8));
    }
}
