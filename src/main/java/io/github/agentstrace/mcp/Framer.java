package io.github.agentstrace.mcp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Splits one direction of a stdio byte stream into JSON-RPC frames for recording, never for forwarding.
 *
 * <p>Accepts what real peers send: newline-delimited JSON (the spec's framing; {@code \r\n} tolerated),
 * LSP-style {@code Content-Length:} headers followed by exactly that many bytes (used by some hand-rolled
 * peers; the two may even alternate), and batches (the listener gets the array text). Blank lines are
 * skipped. Anything else — a non-JSON line, invalid UTF-8, a frame too large to keep, a partial frame at
 * the end of the stream, or bytes lost in a recording gap — is reported to {@link Listener#unparsed} and
 * framing carries on at the next line. Not thread-safe: one framer per direction, fed by one thread.
 */
public final class Framer {
    /** Largest frame kept for recording by default; larger frames are skipped and reported. */
    public static final int DEFAULT_MAX_FRAME = 64 * 1024 * 1024;
    private static final int SAMPLE = 200;
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

    /** Where frames go. */
    public interface Listener {
        /** One complete JSON-looking text; {@code contentLength} tells how it was framed. */
        void json(String text, boolean contentLength);

        /** A frame that could not be recorded as JSON-RPC, with up to 200 of its first bytes. */
        void unparsed(String reason, byte[] sample);
    }

    private enum State { LINE, HEADERS, BODY, SKIP_LINE }

    private final Listener listener;
    private final int maxFrame;
    private State state = State.LINE;
    private byte[] buf = new byte[8192];
    private int len;
    private long frameBytes;      // bytes seen of the current frame, kept or not
    private boolean overflowed;   // the current frame outgrew maxFrame: counting, not keeping
    private long bodyRemaining;
    private long declaredLength = -1;

    /**
     * A framer that hands one direction's frames to a recorder: JSON texts as messages (noting
     * Content-Length framing), everything else as unparsed.
     */
    public static Framer recording(McpRecorder recorder, Direction dir) {
        return new Framer(new Listener() {
            @Override
            public void json(String text, boolean contentLength) {
                recorder.message(dir, text, contentLength ? Map.of("framing", "content-length") : Map.of());
            }

            @Override
            public void unparsed(String reason, byte[] sample) {
                recorder.unparsed(dir, reason, sample);
            }
        });
    }

    public Framer(Listener listener) {
        this(listener, DEFAULT_MAX_FRAME);
    }

    public Framer(Listener listener, int maxFrame) {
        this.listener = listener;
        this.maxFrame = maxFrame;
    }

    /** Feeds bytes as they were read. */
    public void feed(byte[] b, int off, int n) {
        int i = off;
        int end = off + n;
        while (i < end) {
            if (state == State.BODY) {
                int take = (int) Math.min(bodyRemaining, end - i);
                keep(b, i, take);
                i += take;
                bodyRemaining -= take;
                if (bodyRemaining == 0) {
                    finishBody();
                }
                continue;
            }
            int nl = indexOf(b, i, end, (byte) '\n');
            if (nl < 0) {
                keep(b, i, end - i);
                return;
            }
            keep(b, i, nl - i);
            i = nl + 1;
            finishLine();
        }
    }

    /**
     * Bytes of this stream were not seen (the recording queue overflowed): drop the frame in progress and
     * resynchronise at the next newline.
     */
    public void gap(long lostBytes) {
        reset();
        state = State.SKIP_LINE;
        listener.unparsed("recording gap: " + lostBytes + " bytes were forwarded but not recorded", null);
    }

    /** The stream ended: a frame in progress is reported as partial. */
    public void end() {
        boolean blank = state == State.LINE && isBlank(buf, 0, len) && !overflowed;
        if (state == State.BODY || state == State.HEADERS || (state == State.LINE && (len > 0 || overflowed) && !blank)) {
            listener.unparsed("incomplete frame at end of stream (" + frameBytes + " bytes"
                    + (state == State.BODY ? " of a " + declaredLength + "-byte Content-Length body" : "") + ")",
                    sample());
        }
        reset();
        state = State.LINE;
    }

    private void finishLine() {
        int n = len;
        if (n > 0 && buf[n - 1] == '\r') {
            n--;
        }
        switch (state) {
            case SKIP_LINE -> state = State.LINE;
            case HEADERS -> header(n);
            default -> line(n);
        }
        if (state != State.BODY) {
            reset();
        } else {
            resetKeepingCount();
        }
    }

    private void line(int n) {
        if (overflowed) {
            listener.unparsed("frame of " + frameBytes + " bytes is larger than the " + maxFrame
                    + "-byte recording limit", sample());
            return;
        }
        int start = 0;
        while (start < n && isSpace(buf[start])) {
            start++;
        }
        if (start == n) {
            return; // blank line: tolerated between frames
        }
        if (startsWithIgnoreCase(buf, start, n, CONTENT_LENGTH)) {
            declaredLength = -1;
            state = State.HEADERS;
            header(n);
            return;
        }
        String text;
        try {
            text = decode(buf, start, n - start);
        } catch (CharacterCodingException e) {
            listener.unparsed("invalid UTF-8", sample());
            return;
        }
        char c = text.charAt(0);
        if (c == '{' || c == '[') {
            listener.json(text.strip(), false);
        } else {
            listener.unparsed("not JSON-RPC: a line that is not JSON", sample());
        }
    }

    private void header(int n) {
        if (isBlank(buf, 0, n)) {
            if (declaredLength < 0) {
                listener.unparsed("Content-Length headers without a valid length", null);
                state = State.LINE;
                return;
            }
            if (declaredLength == 0) {
                listener.unparsed("empty Content-Length body", null);
                state = State.LINE;
                return;
            }
            state = State.BODY;
            bodyRemaining = declaredLength;
            return;
        }
        int start = 0;
        while (start < n && isSpace(buf[start])) {
            start++;
        }
        if (startsWithIgnoreCase(buf, start, n, CONTENT_LENGTH)) {
            int from = start + CONTENT_LENGTH.length;
            String value = new String(buf, from, n - from, StandardCharsets.ISO_8859_1).trim();
            try {
                declaredLength = Long.parseLong(value);
                if (declaredLength < 0) {
                    declaredLength = -1;
                }
            } catch (NumberFormatException e) {
                declaredLength = -1;
            }
        }
        // Other headers (Content-Type) carry nothing we record.
    }

    private void finishBody() {
        state = State.LINE;
        if (overflowed) {
            listener.unparsed("Content-Length body of " + declaredLength + " bytes is larger than the " + maxFrame
                    + "-byte recording limit", sample());
        } else {
            try {
                listener.json(decode(buf, 0, len).strip(), true);
            } catch (CharacterCodingException e) {
                listener.unparsed("invalid UTF-8 in a Content-Length body", sample());
            }
        }
        reset();
    }

    private void keep(byte[] b, int off, int n) {
        if (n == 0) {
            return;
        }
        frameBytes += n;
        if (state == State.SKIP_LINE) {
            return;
        }
        if (overflowed || (long) len + n > maxFrame) {
            if (!overflowed) {
                // keep what we have for the sample
                overflowed = true;
                int room = Math.max(0, Math.min(SAMPLE - len, n));
                append(b, off, room);
            }
            return;
        }
        append(b, off, n);
    }

    private void append(byte[] b, int off, int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + n, (int) Math.min((long) buf.length * 2, Integer.MAX_VALUE - 8)));
        }
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    private void reset() {
        resetKeepingCount();
        frameBytes = 0;
    }

    private void resetKeepingCount() {
        len = 0;
        overflowed = false;
        if (buf.length > 1 << 20) {
            buf = new byte[8192]; // do not keep a 10 MB buffer alive after one big frame
        }
    }

    private byte[] sample() {
        return Arrays.copyOf(buf, Math.min(len, SAMPLE));
    }

    private static String decode(byte[] b, int off, int n) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(b, off, n))
                .toString();
    }

    private static int indexOf(byte[] b, int from, int to, byte x) {
        for (int i = from; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isBlank(byte[] b, int off, int n) {
        for (int i = off; i < off + n; i++) {
            if (!isSpace(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int off, int end, byte[] prefix) {
        if (end - off < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            byte c = b[off + i];
            if (c >= 'A' && c <= 'Z') {
                c = (byte) (c + 32);
            }
            if (c != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Framer[" + state.name().toLowerCase(Locale.ROOT) + ", " + len + " bytes buffered]";
    }
}
