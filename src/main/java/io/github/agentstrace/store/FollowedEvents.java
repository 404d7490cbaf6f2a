package io.github.agentstrace.store;

import io.github.agentstrace.model.TraceEvent;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The events appended to an events file since the last look, for {@code replay --follow} and the live pages.
 * Lines are read as every reader of the store reads them ({@link ParsedLines.Inline} over {@link Utf8Lines}:
 * the same line ends, the same replacement of bad UTF-8, the same warning for a bad line), except that a last
 * line without its line end is one being written and waits for the rest. A file that is truncated, or
 * replaced by another (a rename over it), is read again from its start.
 */
public final class FollowedEvents implements Closeable {
    private final Path file;
    private RandomAccessFile in;
    private Object fileKey;
    private ParsedLines.Inline lines;

    /** Follows {@code file}, which need not exist yet. */
    public FollowedEvents(Path file) {
        this.file = file;
    }

    /**
     * Hands the events of the lines completed since the last call to {@code events} and the warning for each
     * bad one to {@code warnings}, in file order. Returns how many lines were read, blank and bad ones included.
     */
    public int poll(Consumer<TraceEvent> events, Consumer<String> warnings) throws IOException {
        if (!current()) {
            return 0;
        }
        long before = lines.lineNumber();
        try {
            ParsedLines.Kind k;
            while ((k = lines.advance()) != ParsedLines.Kind.END) {
                if (k == ParsedLines.Kind.EVENT) {
                    events.accept(lines.event());
                } else {
                    warnings.accept(lines.warning());
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return (int) (lines.lineNumber() - before);
    }

    /**
     * Moves past the complete lines the file holds now without parsing them, for a follower that has read them
     * another way (a live page reads the whole session through the session model). Call it before the first
     * {@link #poll}; the lines skipped still count in the line numbers of later warnings.
     */
    public void skipExisting() throws IOException {
        if (!current()) {
            return;
        }
        in.seek(0);
        byte[] buf = new byte[1 << 16];
        long pos = 0;
        long after = 0; // just after the last line end
        long lineEnds = 0;
        boolean cr = false;
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n' || b == '\r') {
                    if (b == '\r' || !cr) {
                        lineEnds++;
                    }
                    after = pos + i + 1;
                }
                cr = b == '\r';
            }
            pos += n;
        }
        if (cr && after == pos) {
            // The file ends in \r: start on it, so that a \n written next is read as the same line end.
            after--;
            lineEnds--;
        }
        open(after, lineEnds);
    }

    /** Opens the file, or opens it again from its start when it was truncated or replaced; false while absent. */
    private boolean current() throws IOException {
        Object key;
        try {
            key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return in != null; // removed: what was read stays read, and nothing more comes
        }
        if (in != null && Objects.equals(key, fileKey) && in.length() >= in.getFilePointer()) {
            return true;
        }
        close();
        // Not a FileChannel: an interrupt (a follower's way to stop) would close it under a read. A
        // RandomAccessFile's reads are not interruptible, so the interrupt is left for the caller's wait.
        in = new RandomAccessFile(file.toFile(), "r");
        fileKey = key;
        open(0, 0);
        return true;
    }

    /** Reads on from {@code position} of the open file, {@code linesBefore} lines having come before it. */
    private void open(long position, long linesBefore) throws IOException {
        RandomAccessFile opened = in;
        opened.seek(position);
        lines = new ParsedLines.Inline(Utf8Lines.following(new InputStream() {
            @Override
            public int read() throws IOException {
                return opened.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return opened.read(b, off, len);
            }
        }), file, linesBefore);
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
            in = null;
            lines = null;
        }
    }
}
