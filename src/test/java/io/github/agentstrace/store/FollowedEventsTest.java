package io.github.agentstrace.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following a growing events file reads what reading it whole reads, however the appends are cut. */
class FollowedEventsTest {
    @TempDir
    Path dir;

    @Test
    void poll_holdsBackALineUntilItsEndArrives_evenMidCharacter() throws Exception {
        Path f = dir.resolve("events.ndjson");
        byte[] second = line("two ü").getBytes(StandardCharsets.UTF_8);
        int cut = indexOf(second, (byte) 0xC3) + 1; // between the two bytes of the ü
        List<String> texts = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try (FollowedEvents followed = new FollowedEvents(f)) {
            assertEquals(0, followed.poll(e -> texts.add(text(e)), warnings::add)); // not there yet
            Files.writeString(f, line("one"), StandardCharsets.UTF_8);
            append(f, Arrays.copyOf(second, cut));
            assertEquals(1, followed.poll(e -> texts.add(text(e)), warnings::add));
            append(f, Arrays.copyOfRange(second, cut, second.length));
            assertEquals(1, followed.poll(e -> texts.add(text(e)), warnings::add));
            assertEquals(0, followed.poll(e -> texts.add(text(e)), warnings::add));
        }
        assertEquals(List.of("one", "two ü"), texts);
        assertEquals(List.of(), warnings, "a line being written is no bad line");
    }

    @Test
    void poll_ofRandomlyCutAppends_readsWhatReadingTheWholeFileReads() throws Exception {
        Random random = new Random(20261202);
        for (int round = 0; round < 40; round++) {
            Path f = dir.resolve("events-" + round + ".ndjson");
            byte[] content = mixedContent(random);
            List<String> followed = new ArrayList<>();
            try (FollowedEvents events = new FollowedEvents(f)) {
                Files.write(f, new byte[0]);
                int at = 0;
                while (at < content.length) {
                    int n = Math.min(content.length - at, 1 + random.nextInt(random.nextBoolean() ? 7 : 300));
                    append(f, Arrays.copyOfRange(content, at, at + n));
                    at += n;
                    events.poll(e -> followed.add(e.toLine()), w -> followed.add("warning: " + w));
                }
            }
            assertEquals(wholeFile(f), followed, "round " + round);
        }
    }

    @Test
    void poll_afterTheFileIsTruncatedOrReplaced_readsItAgainFromItsStart() throws Exception {
        Path f = dir.resolve("events.ndjson");
        List<String> texts = new ArrayList<>();
        try (FollowedEvents followed = new FollowedEvents(f)) {
            Files.writeString(f, line("a long first line") + line("and a second"), StandardCharsets.UTF_8);
            followed.poll(e -> texts.add(text(e)), w -> { });
            Files.writeString(f, line("truncated"), StandardCharsets.UTF_8);
            followed.poll(e -> texts.add(text(e)), w -> { });
            // Replaced by a longer file under the same name: not truncated, yet another file.
            Path other = dir.resolve("other.ndjson");
            Files.writeString(other, line("replaced") + line("by a rename") + line("over it"), StandardCharsets.UTF_8);
            Files.move(other, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            followed.poll(e -> texts.add(text(e)), w -> { });
            append(f, line("then grown").getBytes(StandardCharsets.UTF_8));
            followed.poll(e -> texts.add(text(e)), w -> { });
        }
        assertEquals(List.of("a long first line", "and a second", "truncated", "replaced", "by a rename", "over it",
                "then grown"), texts);
    }

    @Test
    void poll_warnsOfABadLineAsReadingTheWholeFileDoes() throws Exception {
        Path f = dir.resolve("events.ndjson");
        List<String> warnings = new ArrayList<>();
        try (FollowedEvents followed = new FollowedEvents(f)) {
            Files.writeString(f, line("one") + "\r\n{not json\n", StandardCharsets.UTF_8);
            assertEquals(3, followed.poll(e -> { }, warnings::add), "the blank line counts as a line");
        }
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith(f + " line 3: skipped an invalid event ("), warnings.get(0));
    }

    @Test
    void skipExisting_readsOnlyWhatComesAfter_numberingLinesAsTheWholeFile() throws Exception {
        Path f = dir.resolve("events.ndjson");
        String three = line("three");
        Files.writeString(f, line("one") + "{bad\r\n" + line("two") + three.substring(0, 20), StandardCharsets.UTF_8);
        List<String> followed = new ArrayList<>();
        try (FollowedEvents events = new FollowedEvents(f)) {
            events.skipExisting();
            append(f, (three.substring(20) + "{bad again\n" + line("four")).getBytes(StandardCharsets.UTF_8));
            assertEquals(3, events.poll(e -> followed.add(e.toLine()), w -> followed.add("warning: " + w)));
        }
        List<String> whole = wholeFile(f);
        assertEquals(whole.subList(3, 6), followed, "the line being written when skipping, and what came after");
        assertTrue(followed.get(1).contains(" line 5: "), followed.get(1));
    }

    @Test
    void skipExisting_atALastLineEndOfCr_takesAnLfWrittenNextAsTheSameLineEnd() throws Exception {
        Path f = dir.resolve("events.ndjson");
        Files.writeString(f, line("one").replace("\n", "\r"), StandardCharsets.UTF_8);
        List<String> followed = new ArrayList<>();
        try (FollowedEvents events = new FollowedEvents(f)) {
            events.skipExisting();
            append(f, ("\n" + line("two") + "{bad\n").getBytes(StandardCharsets.UTF_8));
            events.poll(e -> followed.add(e.toLine()), w -> followed.add("warning: " + w));
        }
        assertEquals(wholeFile(f).subList(1, 3), followed);
        assertTrue(followed.get(1).contains(" line 3: "), followed.get(1));
    }

    /** Events (as their lines) and warnings, reading the finished file in one go as the store's readers do. */
    private static List<String> wholeFile(Path f) throws IOException {
        List<String> out = new ArrayList<>();
        try (ParsedLines.Inline lines = new ParsedLines.Inline(new Utf8Lines(Files.newInputStream(f)), f)) {
            ParsedLines.Kind k;
            while ((k = lines.advance()) != ParsedLines.Kind.END) {
                out.add(k == ParsedLines.Kind.EVENT ? lines.event().toLine() : "warning: " + lines.warning());
            }
        }
        return out;
    }

    /** Events, blank and bad lines, text beyond ASCII and invalid UTF-8, ended by every kind of line end. */
    private static byte[] mixedContent(Random random) {
        String[] ends = {"\n", "\r\n", "\r"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = 5 + random.nextInt(30);
        for (int i = 0; i < lines; i++) {
            switch (random.nextInt(6)) {
                case 0 -> out.writeBytes("   ".getBytes(StandardCharsets.US_ASCII));
                case 1 -> out.writeBytes("{\"event_type\": ".getBytes(StandardCharsets.US_ASCII));
                case 2 -> {
                    byte[] ok = TraceEvent.of(EventType.USER_PROMPT, 1.0, "e" + i, "s", null, null,
                            Map.of("text", "X")).toLine().getBytes(StandardCharsets.UTF_8);
                    int at = indexOf(ok, (byte) 'X');
                    out.write(ok, 0, at);
                    out.write(0xC3); // a lead byte without its continuation
                    out.write(0xFF);
                    out.write(ok, at + 1, ok.length - at - 1);
                }
                default -> out.writeBytes(raw(TraceEvent.of(EventType.TOOL_CALL, 1.5 + i, "e" + i, "s", null, null,
                        Map.of("text", "ü€😀 " + i)).toLine()).getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes(ends[random.nextInt(ends.length)].getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    /** An event line, its text beyond ASCII written as UTF-8 (as other recorders write it), not escaped. */
    private static String line(String text) {
        return raw(TraceEvent.of(EventType.USER_PROMPT, 1.0, null, "s", null, null, Map.of("text", text)).toLine())
                + "\n";
    }

    /** {@code line} with its {@code \\uXXXX} escapes turned back into the characters. */
    private static String raw(String line) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            if (line.startsWith("\\u", i)) {
                out.append((char) Integer.parseInt(line.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(line.charAt(i));
            }
        }
        return out.toString();
    }

    private static String text(TraceEvent e) {
        return (String) e.data().get("text");
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("no byte " + b);
    }

    private static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
