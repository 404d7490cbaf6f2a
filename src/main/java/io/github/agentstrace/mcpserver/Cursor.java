package io.github.agentstrace.mcpserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Opaque page cursors: where the next page starts, bound to the list and the query it came from, so a cursor
 * given to another tool or with other filters is refused rather than silently paging something else. The
 * text is base64url of {@code 1:<list>:<query hash>:<position>}; clients must not read it, and nothing on the
 * server is kept between pages.
 */
final class Cursor {
    private static final String VERSION = "1";

    private Cursor() {
    }

    /**
     * @param list     which list ({@code list_sessions}, {@code resources/list}, ...)
     * @param query    everything that decides the list's content (the filters), as text
     * @param position where the next page starts
     */
    static String encode(String list, String query, long position) {
        String plain = VERSION + ":" + list + ":" + hash(query) + ":" + position;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor names; {@code start} when there is none (the first page). */
    static long decode(String cursor, String list, String query, long start) throws BadArgument {
        if (cursor == null) {
            return start;
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String[] parts = plain.split(":", -1);
        if (parts.length != 4 || !parts[0].equals(VERSION) || !parts[1].equals(list)) {
            throw invalid();
        }
        if (!parts[2].equals(hash(query))) {
            throw new BadArgument("this cursor belongs to a query with other arguments; repeat the call with the"
                    + " arguments of the first page, or leave the cursor out to start again");
        }
        try {
            long position = Long.parseLong(parts[3]);
            if (position < start) {
                throw invalid();
            }
            return position;
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static BadArgument invalid() {
        return new BadArgument("invalid cursor: pass the next_cursor of the previous page unchanged, or leave it out"
                + " for the first page");
    }

    private static String hash(String query) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
