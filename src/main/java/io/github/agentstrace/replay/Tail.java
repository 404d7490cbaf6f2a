package io.github.agentstrace.replay;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Reads the lines appended to a file since the last poll, like {@code tail -f}. Only complete lines
 * (ending in a newline) are handed out: a line being written is held back until its end arrives.
 */
final class Tail implements Closeable {
    private final Path file;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private FileChannel channel;
    private long position;

    Tail(Path file) {
        this.file = file;
    }

    /** Hands every new complete line to {@code lines}; returns how many there were. */
    int poll(Consumer<String> lines) throws IOException {
        if (channel == null) {
            if (!Files.exists(file)) {
                return 0;
            }
            channel = FileChannel.open(file, StandardOpenOption.READ);
        }
        if (channel.size() < position) {
            // Truncated or replaced: start over rather than read garbage.
            position = 0;
            partial.reset();
        }
        int count = 0;
        while (true) {
            buffer.clear();
            int n = channel.read(buffer, position);
            if (n <= 0) {
                return count;
            }
            position += n;
            byte[] a = buffer.array();
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (a[i] == '\n') {
                    partial.write(a, start, i - start);
                    lines.accept(partial.toString(StandardCharsets.UTF_8));
                    partial.reset();
                    count++;
                    start = i + 1;
                }
            }
            partial.write(a, start, n - start);
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
