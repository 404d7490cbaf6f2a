package io.github.agentstrace.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a UTF-8 file, each decoded into one reused char buffer: what {@code BufferedReader.readLine}
 * over a replacing UTF-8 decoder gives (a line ends at {@code \n}, {@code \r} or {@code \r\n}; invalid UTF-8
 * becomes U+FFFD), without making a String of every line and then copying it back into chars to parse it.
 * The bytes are split before decoding, which is safe in UTF-8: no byte of a multi-byte character is a line
 * end. Memory is the longest line, once in bytes and once in chars.
 *
 * <p>{@linkplain #following Following} a file that grows, a last line without its line end is one being
 * written: it is held back (not a line yet), and the next {@link #next()} reads on from the stream for the rest.
 */
final class Utf8Lines implements AutoCloseable {
    private final InputStream in;
    private final boolean following;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private byte[] bytes = new byte[1 << 16];
    private int start;
    private int end;
    private boolean eof;
    /** The last line ended with {@code \r}: a {@code \n} right after it belongs to that line end. */
    private boolean skipLf;
    private char[] chars = new char[1 << 12];
    private int length;

    Utf8Lines(InputStream in) {
        this(in, false);
    }

    private Utf8Lines(InputStream in, boolean following) {
        this.in = in;
        this.following = following;
    }

    /**
     * The lines of a file that is still being written: only complete lines; after {@link #next()} said false,
     * a later call reads what has been appended since.
     */
    static Utf8Lines following(InputStream in) {
        return new Utf8Lines(in, true);
    }

    /** Moves to the next line; false at the end of the file (following: of its complete lines, for now). */
    boolean next() throws IOException {
        if (following) {
            eof = false; // the stream may have more now
        }
        int scanned = 0; // bytes after start already looked at
        while (true) {
            if (skipLf) {
                if (start < end) {
                    skipLf = false;
                    if (bytes[start] == '\n') {
                        start++;
                    }
                } else if (!eof && fill()) {
                    continue; // the byte after a \r decides
                } else if (following) {
                    return false; // and it has not been written yet
                } else {
                    skipLf = false;
                }
            }
            for (int i = start + scanned; i < end; i++) {
                byte b = bytes[i];
                if (b == '\n' || b == '\r') {
                    decode(start, i);
                    skipLf = b == '\r';
                    start = i + 1;
                    return true;
                }
            }
            scanned = end - start;
            if (eof || !fill()) {
                if (start == end || following) {
                    return false; // following: the rest of a line being written comes later
                }
                decode(start, end); // a last line without its line end
                start = end;
                return true;
            }
        }
    }

    /** The chars of the line; valid up to {@link #length()} until the next {@link #next()}. */
    char[] chars() {
        return chars;
    }

    int length() {
        return length;
    }

    /** The line as a String. */
    String line() {
        return new String(chars, 0, length);
    }

    /** Reads more bytes after the unread ones, moving them to the front first; false at the end of the file. */
    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(bytes, start, bytes, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2); // a line longer than the buffer
        }
        int n = in.read(bytes, end, bytes.length - end);
        if (n < 0) {
            eof = true;
            return false;
        }
        end += n;
        return true;
    }

    private void decode(int from, int to) {
        int n = to - from;
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)]; // UTF-8 never takes fewer bytes than UTF-16 chars
        }
        decoder.reset();
        CharBuffer out = CharBuffer.wrap(chars);
        decoder.decode(ByteBuffer.wrap(bytes, from, n), out, true);
        decoder.flush(out);
        length = out.position();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
