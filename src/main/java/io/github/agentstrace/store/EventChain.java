package io.github.agentstrace.store;

import io.github.agentstrace.model.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * The tamper-evident sidecar of {@code events.ndjson}: {@code <session>/chain}, one fixed-width entry per
 * event line, {@code <end offset, 16 hex> <link, 64 hex>\n}. A line's link is SHA-256 over the previous link
 * (32 zero bytes for the first) and the line's bytes without its newline; the offset is where the line ends
 * in the events file (after its newline). Entries are appended by {@link SessionWriter} under the same lock
 * as the lines, so parallel writers (hook processes) chain in file order. The events file itself is not
 * changed: the original still reads our sessions.
 *
 * <p>A session whose events file already had lines when its first chained writer opened it (recorded
 * before chains, or by the original) is left unchained rather than chained from the middle.
 */
public final class EventChain {
    /** The sidecar's name in the session directory. */
    public static final String FILE = "chain";
    /** Bytes per entry: 16 hex digits, a space, 64 hex digits, a newline. */
    public static final int ENTRY = 16 + 1 + 64 + 1;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer last = ByteBuffer.allocate(ENTRY);

    private EventChain(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * The chain of a session's events file, or null when the session is not chained (lines written before any
     * chain). Called before the writer's first append.
     */
    static EventChain open(Path eventsFile) throws IOException {
        Path file = eventsFile.resolveSibling(FILE);
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.size(eventsFile) > 0) {
            return null;
        }
        FilePermissions.createPrivateFile(file);
        return new EventChain(file, FilePermissions.open(file, true));
    }

    /**
     * Appends the links of {@code lines} (each without its newline), which end at {@code ends} in the events
     * file. The caller holds the events file's lock.
     */
    void append(List<byte[]> lines, List<Long> ends) throws IOException {
        long size = channel.size();
        long at = size - size % ENTRY; // a torn entry from a crash is written over
        byte[] prev = new byte[32];
        if (at >= ENTRY) {
            last.clear();
            channel.read(last, at - ENTRY);
            prev = HexFormat.of().parseHex(new String(last.array(), 17, 64, StandardCharsets.US_ASCII));
        }
        ByteBuffer out = ByteBuffer.allocate(ENTRY * lines.size());
        for (int i = 0; i < lines.size(); i++) {
            prev = link(prev, lines.get(i));
            out.put(entry(ends.get(i), prev));
        }
        out.flip();
        while (out.hasRemaining()) {
            at += channel.write(out, at);
        }
    }

    /** SHA-256 of the previous link and a line's bytes. */
    public static byte[] link(byte[] prev, byte[] line) {
        return Sha256.of(prev, line);
    }

    private static byte[] entry(long end, byte[] link) {
        // Not String.format: the formatter's start is a cost every hook process would pay.
        String offset = Long.toHexString(end);
        String hex = "0".repeat(16 - offset.length()) + offset + " " + HexFormat.of().formatHex(link) + "\n";
        return hex.getBytes(StandardCharsets.US_ASCII);
    }

    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // every entry was written through
        }
    }

    /**
     * What {@link #verify} found.
     *
     * @param state   {@code intact}, {@code unchained} (no chain: recorded before chains, or by the original) or
     *                {@code broken}
     * @param lines   event lines checked (intact) or read before the first bad one (broken)
     * @param badLine the 1-based line of the first bad event (its event number), 0 when none
     * @param message one line: what is wrong, or a note (a torn last line from a crash)
     */
    public record Verdict(String state, long lines, long badLine, String message) {
        public boolean broken() {
            return state.equals("broken");
        }
    }

    /** Checks a session's events file against its chain. */
    public static Verdict verify(Path eventsFile) throws IOException {
        Path file = eventsFile.resolveSibling(FILE);
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return new Verdict("unchained", 0, 0, "no chain (recorded before chains, or by another tool)");
        }
        byte[] events = Files.exists(eventsFile) ? Files.readAllBytes(eventsFile) : new byte[0];
        byte[] chain = Files.readAllBytes(file);
        int entries = chain.length / ENTRY;
        byte[] prev = new byte[32];
        int pos = 0;
        long line = 0;
        for (int k = 0; k < entries; k++) {
            String entry = new String(chain, k * ENTRY, ENTRY, StandardCharsets.US_ASCII);
            long end;
            byte[] link;
            try {
                end = Long.parseLong(entry.substring(0, 16), 16);
                link = HexFormat.of().parseHex(entry.substring(17, 81));
            } catch (IllegalArgumentException e) {
                return new Verdict("broken", line, line + 1, "chain entry " + (k + 1) + " is not a link (the chain was edited)");
            }
            if (end > events.length) {
                return new Verdict("broken", line, line + 1, "truncated: the chain goes on past the end of the events"
                        + " file (" + (entries - k) + " linked " + (entries - k == 1 ? "line is" : "lines are") + " missing)");
            }
            if (end <= pos || events[(int) end - 1] != '\n') {
                return new Verdict("broken", line, line + 1, "line " + (line + 1) + " does not end where its link says:"
                        + " lines were altered, inserted, deleted or reordered");
            }
            int start = (int) end - 1;
            while (start > pos && events[start - 1] != '\n') {
                start--;
            }
            // Lines between the previous link and this line's start: a fragment a crashed writer left (repaired
            // with a newline by the next append) is no tampering; whole events are lines nobody linked.
            for (int i = pos; i < start; i++) {
                if (events[i] == '\n') {
                    line++;
                }
            }
            if (start > pos && looksLikeEvent(events, pos, start - 1)) {
                return new Verdict("broken", line - 1, line, "line " + line + " has no link: it was inserted");
            }
            line++;
            byte[] bytes = java.util.Arrays.copyOfRange(events, start, (int) end - 1);
            prev = link(prev, bytes);
            if (!java.util.Arrays.equals(prev, link)) {
                return new Verdict("broken", line - 1, line, "line " + line + " does not match its link: it was altered,"
                        + " or lines before it were inserted, deleted or reordered");
            }
            pos = (int) end;
        }
        if (pos < events.length) {
            int newlines = 0;
            for (int i = pos; i < events.length; i++) {
                newlines += events[i] == '\n' ? 1 : 0;
            }
            if (newlines == 0) {
                return new Verdict("intact", line, 0, "the last line is torn (a writer crashed while writing it)");
            }
            return new Verdict("broken", line, line + 1, "line " + (line + 1) + " has no link: "
                    + (newlines == 1 ? "it was" : newlines + " lines were") + " appended outside the recorder,"
                    + " or a recorder crashed between the line and its link");
        }
        return new Verdict("intact", line, 0, "");
    }

    private static boolean looksLikeEvent(byte[] b, int from, int to) {
        String s = new String(b, from, to - from, StandardCharsets.UTF_8).strip();
        return s.startsWith("{") && s.endsWith("}") && s.contains("\"event_type\"");
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
