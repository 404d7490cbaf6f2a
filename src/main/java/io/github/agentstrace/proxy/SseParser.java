package io.github.agentstrace.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Incremental {@code text/event-stream} parser. Bytes may arrive in any chunking (an event split in the
 * middle of a line, a CR and its LF in different reads); each complete event comes out once, with the
 * exact bytes it was made of, so the relay can forward it untouched and flush at event boundaries.
 *
 * <p>Follows the HTML event-stream rules: lines end with CRLF, LF or CR; a blank line ends an event;
 * several {@code data:} lines are joined with {@code \n}; one space after the colon is dropped; comment
 * lines start with {@code :}; an {@code id} containing NUL is ignored; a leading BOM is skipped.
 * An unfinished event at end of stream is not dispatched (its bytes are still available to forward).
 */
final class SseParser {
    /** One dispatched event: {@code data} is null when the event had no data field. */
    record SseEvent(String type, String data, String id) {
        boolean isMessage() {
            return type == null || type.isEmpty() || type.equals("message");
        }
    }

    /** Receives each complete event with its raw bytes (including the terminating blank line). */
    interface Listener {
        void event(byte[] raw, SseEvent event) throws IOException;
    }

    private final Listener listener;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean afterCr;
    private boolean firstLine = true;
    private StringBuilder data;
    private String type;
    private String id;

    SseParser(Listener listener) {
        this.listener = listener;
    }

    void feed(byte[] bytes, int off, int len) throws IOException {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (afterCr) {
                // CRLF whose LF arrived in a later chunk: the line already ended at the CR.
                afterCr = false;
                if (bytes[i] == '\n') {
                    raw.write('\n');
                    i++;
                    continue;
                }
            }
            int j = i;
            while (j < end && bytes[j] != '\n' && bytes[j] != '\r') {
                j++;
            }
            raw.write(bytes, i, j - i);
            line.write(bytes, i, j - i);
            if (j == end) {
                return;
            }
            raw.write(bytes[j]);
            if (bytes[j] == '\r') {
                if (j + 1 < end) {
                    if (bytes[j + 1] == '\n') {
                        raw.write('\n');
                        j++;
                    }
                } else {
                    afterCr = true;
                }
            }
            i = j + 1;
            endLine();
        }
    }

    /** Bytes received but not yet part of a dispatched event (an unfinished event at end of stream). */
    byte[] pending() {
        return raw.toByteArray();
    }

    private void endLine() throws IOException {
        byte[] bytes = line.toByteArray();
        line.reset();
        if (bytes.length == 0) {
            dispatch();
            return;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (firstLine && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        firstLine = false;
        if (text.startsWith(":")) {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value.length());
                } else {
                    data.append('\n');
                }
                data.append(value);
            }
            case "event" -> type = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    id = value;
                }
            }
            default -> { } // retry and unknown fields do not matter for recording
        }
    }

    private void dispatch() throws IOException {
        firstLine = false;
        byte[] bytes = raw.toByteArray();
        raw.reset();
        SseEvent event = new SseEvent(type, data == null ? null : data.toString(), id);
        data = null;
        type = null;
        id = null;
        listener.event(bytes, event);
    }
}
