package io.github.agentstrace.transcript;

import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a transcript's complete lines from a byte offset on, one JSON object at a time.
 *
 * <p>A last line without its newline is left for the next read (Claude Code may be writing it), so
 * incremental readers never see half a line. Corrupt lines are reported with their line number (counted
 * from the start offset) and skipped.
 */
final class TranscriptLines {
    interface Sink {
        /** Handles one line that starts at byte {@code offset}; returns false to stop reading. */
        boolean line(Map<String, Object> json, int lineNo, long offset);
    }

    private TranscriptLines() {
    }

    /** Calls {@code sink} for each complete line after {@code offset}; returns the offset after the last one. */
    static long read(Path file, long offset, Sink sink, Consumer<String> warnings) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            if (offset > ch.size()) {
                offset = 0; // the file was replaced or truncated: start again
            }
            ch.position(offset);
            InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(4096);
            long consumed = offset;
            int lineNo = 0;
            int b;
            while ((b = in.read()) != -1) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                lineNo++;
                long lineStart = consumed;
                consumed += line.size() + 1;
                byte[] bytes = line.toByteArray();
                line.reset();
                String text = new String(bytes, StandardCharsets.UTF_8).strip();
                if (text.isEmpty()) {
                    continue;
                }
                try {
                    Object parsed = Json.parse(text);
                    if (parsed instanceof Map<?, ?>) {
                        if (!sink.line(Json.asObject(parsed), lineNo, lineStart)) {
                            return consumed;
                        }
                    } else {
                        warnings.accept(file.getFileName() + " line " + lineNo + ": skipped (not a JSON object)");
                    }
                } catch (RuntimeException e) {
                    warnings.accept(file.getFileName() + " line " + lineNo + ": skipped corrupt line (" + e.getMessage() + ")");
                }
            }
            return consumed;
        }
    }
}
