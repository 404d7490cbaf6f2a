package io.github.agentstrace.analysis;

import io.github.agentstrace.json.JsonBytes;
import io.github.agentstrace.json.JsonNumber;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One trace line read where it lies in {@link Search}'s buffer, for the hit path: whether it is an event, which
 * values hold each text term and where, and the few fields a hit shows or a field filter reads (type,
 * timestamp, tool, model), without building the JSON object.
 *
 * <p>It reads a strict subset of what the JSON codec accepts and only ever answers "an event, with these
 * values" for a line the session model reads the same way: values in the order {@code TraceEvent}'s data map
 * holds them (document order), then the event and parent ids; numbers as written (what a parsed number
 * prints). Whatever is outside that common shape (an escaped, non-ASCII or repeated key, nesting deeper than
 * {@value #MAX_DEPTH}, more than {@value #MAX_KEYS} keys in an object, malformed UTF-8, a line the codec would
 * refuse, an object that is not an event) is "unsure", and the caller parses the line as before.
 *
 * <p>A value without escapes or non-ASCII bytes is its own text: terms are found in its bytes directly (eight
 * at a time). Another is decoded into a small window that slides along it, so memory does not grow with a
 * long value; a snippet decodes only the characters around its match.
 */
final class EventLine {
    static final int MAX_DEPTH = 64;
    static final int MAX_KEYS = 64;
    /** Characters decoded at once while looking for terms in an escaped value. */
    private static final int SEGMENT = 4096;

    /** The fields kept: a top-level one, or one of data's own. */
    static final int TYPE = 0;
    static final int TIMESTAMP = 1;
    static final int EVENT_ID = 2;
    static final int PARENT_ID = 3;
    static final int TOOL_NAME = 4;
    static final int NAME = 5;
    static final int TOOL = 6;
    static final int MODEL = 7;
    private static final int FIELDS = 8;
    private static final byte[][] TOP_KEYS = keys("event_type", "timestamp", "event_id", "parent_id");
    private static final byte[][] DATA_KEYS = keys("tool_name", "name", "tool", "model");
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);

    /** The text terms, folded, and for those that are ASCII their byte needle (null for the others). */
    private final String[] terms;
    private final AsciiNeedle[] needles;
    /** Per ASCII term, its characters in either case (bits 0-63, 64-127). */
    private final long[] charsLow;
    private final long[] charsHigh;
    private final int longest;

    private byte[] b;
    private int pos;
    private int end;
    /** Per field: where its string's content (or number) starts and ends, -1 when absent or of another kind. */
    private final int[] fieldStart = new int[FIELDS];
    private final int[] fieldEnd = new int[FIELDS];
    private final boolean[] fieldPlain = new boolean[FIELDS];
    /** Per term: the value it was first found in (content bounds, plain or not) and where in it, -1 if not. */
    private final int[] foundAt;
    private final int[] foundStart;
    private final int[] foundEnd;
    private final boolean[] foundPlain;
    private int unfound;
    /** The keys of the objects being read, for the duplicate check: a stack of content bounds. */
    private int[] keyStart = new int[64];
    private int[] keyEnd = new int[64];
    private int keys;
    /** The last string or number read: its content bounds, and whether it has no escape and no non-ASCII byte. */
    private int lastStart;
    private int lastEnd;
    private boolean lastPlain;
    /** The ASCII characters the last string's escapes stand for (bits 0-63, 64-127). */
    private long escapedLow;
    private long escapedHigh;
    /** Per term: whether the value being looked at must be decoded to find it. */
    private final boolean[] decode;
    private final char[] segment;
    /** Where {@link #decode} reads next, and where the value ends. */
    private int dpos;
    private int dend;

    /** @param terms the text terms, folded (not empty) */
    EventLine(String[] terms) {
        this.terms = terms.clone();
        needles = new AsciiNeedle[terms.length];
        charsLow = new long[terms.length];
        charsHigh = new long[terms.length];
        decode = new boolean[terms.length];
        int max = 1;
        for (int t = 0; t < terms.length; t++) {
            String s = terms[t];
            max = Math.max(max, s.length());
            if (s.chars().allMatch(c -> c < 0x80)) {
                needles[t] = new AsciiNeedle(s.getBytes(StandardCharsets.US_ASCII));
                for (char c : s.toCharArray()) {
                    for (char x : new char[] {c, Character.toUpperCase(c)}) {
                        if (x < 64) {
                            charsLow[t] |= 1L << x;
                        } else {
                            charsHigh[t] |= 1L << (x - 64);
                        }
                    }
                }
            }
        }
        longest = max;
        foundAt = new int[terms.length];
        foundStart = new int[terms.length];
        foundEnd = new int[terms.length];
        foundPlain = new boolean[terms.length];
        segment = new char[SEGMENT + max + 2];
    }

    private static byte[][] keys(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    /**
     * Reads the line {@code b[start, end)} (without its newline). True when it is an event as the session model
     * reads it, its fields and terms then found; false when unsure (the caller parses it).
     */
    boolean read(byte[] b, int start, int end) {
        this.b = b;
        this.pos = start;
        this.end = end;
        java.util.Arrays.fill(fieldStart, -1);
        java.util.Arrays.fill(foundAt, -1);
        unfound = terms.length;
        keys = 0;
        skipSpace();
        if (pos >= end || b[pos] != '{' || !object(1, false, true)) {
            return false;
        }
        skipSpace();
        if (pos != end || fieldStart[TYPE] < 0 || fieldStart[TYPE] == fieldEnd[TYPE] || fieldStart[TIMESTAMP] < 0) {
            return false; // trailing content, or an object without a type or a numeric timestamp
        }
        // After data's values come the event's own ids, when they are non-empty strings.
        for (int f = EVENT_ID; f <= PARENT_ID && unfound > 0; f++) {
            if (fieldStart[f] >= 0 && fieldEnd[f] > fieldStart[f]) {
                escapedLow = -1L; // not kept: decoded when it has escapes
                escapedHigh = -1L;
                find(fieldStart[f], fieldEnd[f], fieldPlain[f]);
            }
        }
        return true;
    }

    // ---- what was read ----------------------------------------------------------------------------------

    boolean found(int term) {
        return foundAt[term] >= 0;
    }

    /** A field's text (a string field; the timestamp's digits), or null when the line has none of that kind. */
    String text(int field) {
        int s = fieldStart[field];
        if (s < 0) {
            return null;
        }
        if (fieldPlain[field]) {
            return new String(b, s, fieldEnd[field] - s, StandardCharsets.ISO_8859_1);
        }
        StringBuilder sb = new StringBuilder();
        dpos = s;
        dend = fieldEnd[field];
        while (dpos < dend) {
            int n = decode(segment, 0, segment.length);
            sb.append(segment, 0, n);
        }
        return sb.toString();
    }

    /** Whether a string field's text is exactly the ASCII text {@code ascii} (as written, without escapes). */
    boolean is(int field, String ascii) {
        int s = fieldStart[field];
        if (s < 0) {
            return false;
        }
        if (!fieldPlain[field]) {
            return ascii.equals(text(field));
        }
        int n = fieldEnd[field] - s;
        if (n != ascii.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[s + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The timestamp, as the session model reads it (the codec's number, read the codec's way). */
    double timestamp() {
        return JsonNumber.of(text(TIMESTAMP)).doubleValue();
    }

    /** A found term's value length is not known without decoding it: the match's place and value instead. */
    int at(int term) {
        return foundAt[term];
    }

    /**
     * The characters {@code [from, to)} of the value a term was found in, and whether the value goes on after
     * them: {@code more[0]}.
     */
    CharSequence window(int term, int from, int to, boolean[] more) {
        int s = foundStart[term];
        int e = foundEnd[term];
        if (foundPlain[term]) {
            int stop = Math.min(e, s + to);
            more[0] = stop < e;
            return new String(b, s + from, stop - s - from, StandardCharsets.ISO_8859_1);
        }
        char[] out = new char[to - from];
        int n = 0;
        long index = 0; // of segment[0] in the value
        dpos = s;
        dend = e;
        more[0] = false;
        while (dpos < dend) {
            int got = decode(segment, 0, segment.length);
            for (int i = 0; i < got; i++) {
                long k = index + i;
                if (k >= to) {
                    more[0] = true;
                    return CharBuffer.wrap(out, 0, n);
                }
                if (k >= from) {
                    out[n++] = segment[i];
                }
            }
            index += got;
        }
        return CharBuffer.wrap(out, 0, n);
    }

    // ---- reading ----------------------------------------------------------------------------------------

    private void skipSpace() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            pos++;
        }
    }

    /**
     * An object at {@code pos}. {@code search}: its values are searched (inside data); {@code top}: the event
     * object; data's own object has {@code depth == 2} and {@code search}.
     */
    private boolean object(int depth, boolean search, boolean top) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        pos++; // {
        int base = keys;
        skipSpace();
        if (pos < end && b[pos] == '}') {
            pos++;
            return true;
        }
        boolean dataOwn = search && depth == 2;
        while (true) {
            skipSpace();
            if (pos >= end || b[pos] != '"' || !string() || !lastPlain) {
                return false; // no key, or one with escapes (its bytes would not compare as its text)
            }
            int ks = lastStart;
            int ke = lastEnd;
            if (!newKey(base, ks, ke)) {
                return false;
            }
            skipSpace();
            if (pos >= end || b[pos] != ':') {
                return false;
            }
            pos++;
            skipSpace();
            if (pos >= end) {
                return false;
            }
            if (top) {
                if (!topMember(depth, ks, ke)) {
                    return false;
                }
            } else {
                int field = dataOwn ? keyIndex(DATA_KEYS, ks, ke) : -1;
                byte first = b[pos];
                if (!value(depth, search)) {
                    return false;
                }
                if (field >= 0 && first == '"') {
                    keep(TOOL_NAME + field);
                }
            }
            skipSpace();
            if (pos >= end) {
                return false;
            }
            byte c = b[pos++];
            if (c == '}') {
                keys = base;
                return true;
            }
            if (c != ',') {
                return false;
            }
        }
    }

    private boolean topMember(int depth, int ks, int ke) {
        int field = keyIndex(TOP_KEYS, ks, ke);
        boolean data = ke - ks == DATA.length && same(ks, DATA, 0);
        byte first = b[pos];
        if (data && first == '{') {
            return object(depth + 1, true, false);
        }
        if (!value(depth, false)) {
            return false;
        }
        if (field == TIMESTAMP ? isNumberStart(first) : field >= 0 && first == '"') {
            keep(field);
        }
        return true;
    }

    private static boolean isNumberStart(byte c) {
        return c == '-' || (c >= '0' && c <= '9');
    }

    private void keep(int field) {
        fieldStart[field] = lastStart;
        fieldEnd[field] = lastEnd;
        fieldPlain[field] = lastPlain;
    }

    /** Records a key of the object whose keys start at {@code base}; false when it repeats one or there are too many. */
    private boolean newKey(int base, int ks, int ke) {
        if (keys - base >= MAX_KEYS) {
            return false;
        }
        int n = ke - ks;
        for (int k = base; k < keys; k++) {
            if (keyEnd[k] - keyStart[k] == n && sameBytes(keyStart[k], ks, n)) {
                return false; // a repeated key: the map keeps the last value in the first's place
            }
        }
        if (keys == keyStart.length) {
            keyStart = java.util.Arrays.copyOf(keyStart, keys * 2);
            keyEnd = java.util.Arrays.copyOf(keyEnd, keys * 2);
        }
        keyStart[keys] = ks;
        keyEnd[keys] = ke;
        keys++;
        return true;
    }

    private boolean sameBytes(int a, int c, int n) {
        for (int i = 0; i < n; i++) {
            if (b[a + i] != b[c + i]) {
                return false;
            }
        }
        return true;
    }

    private int keyIndex(byte[][] names, int ks, int ke) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].length == ke - ks && same(ks, names[i], 0)) {
                return i;
            }
        }
        return -1;
    }

    private boolean same(int at, byte[] name, int from) {
        for (int i = from; i < name.length; i++) {
            if (b[at + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** A value at {@code pos} (not blank); strings and numbers are searched when {@code search}. */
    private boolean value(int depth, boolean search) {
        byte c = b[pos];
        switch (c) {
            case '{':
                return object(depth + 1, search, false);
            case '[':
                return array(depth + 1, search);
            case '"':
                if (!string()) {
                    return false;
                }
                break;
            case 't':
                return word("true");
            case 'f':
                return word("false");
            case 'n':
                return word("null");
            default:
                if (!number()) {
                    return false;
                }
                break;
        }
        if (search && unfound > 0) {
            find(lastStart, lastEnd, lastPlain);
        }
        return true;
    }

    private boolean array(int depth, boolean search) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        pos++; // [
        skipSpace();
        if (pos < end && b[pos] == ']') {
            pos++;
            return true;
        }
        while (true) {
            skipSpace();
            if (pos >= end || !value(depth, search)) {
                return false;
            }
            skipSpace();
            if (pos >= end) {
                return false;
            }
            byte c = b[pos++];
            if (c == ']') {
                return true;
            }
            if (c != ',') {
                return false;
            }
        }
    }

    private boolean word(String w) {
        if (pos + w.length() > end) {
            return false;
        }
        for (int i = 0; i < w.length(); i++) {
            if (b[pos + i] != w.charAt(i)) {
                return false;
            }
        }
        pos += w.length();
        return true;
    }

    /** A JSON number, by the codec's grammar. */
    private boolean number() {
        int start = pos;
        if (b[pos] == '-') {
            pos++;
        }
        if (pos >= end) {
            return false;
        }
        if (b[pos] == '0') {
            pos++;
            if (pos < end && isDigit(b[pos])) {
                return false;
            }
        } else if (isDigit(b[pos])) {
            digits();
        } else {
            return false;
        }
        if (pos < end && b[pos] == '.') {
            pos++;
            if (pos >= end || !isDigit(b[pos])) {
                return false;
            }
            digits();
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            pos++;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            if (pos >= end || !isDigit(b[pos])) {
                return false;
            }
            digits();
        }
        lastStart = start;
        lastEnd = pos;
        lastPlain = true;
        return true;
    }

    private void digits() {
        while (pos < end && isDigit(b[pos])) {
            pos++;
        }
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /**
     * A string at {@code pos} (its opening quote): checks its escapes and UTF-8, and leaves its content's
     * bounds and whether it is plain (no escape, ASCII only) in {@code last*}.
     */
    private boolean string() {
        int start = ++pos;
        boolean plain = true;
        long low = 0;
        long high = 0;
        while (pos < end) {
            int c = b[pos] & 0xff;
            if (c == '"') {
                lastStart = start;
                lastEnd = pos++;
                lastPlain = plain;
                escapedLow = low;
                escapedHigh = high;
                return true;
            }
            if (c == '\\') {
                plain = false;
                if (pos + 1 >= end) {
                    return false;
                }
                byte e = b[pos + 1];
                int c2;
                if (e == 'u') {
                    if (pos + 6 > end) {
                        return false;
                    }
                    c2 = 0;
                    for (int i = 2; i < 6; i++) {
                        int d = JsonBytes.hexDigit(b[pos + i]);
                        if (d < 0) {
                            return false;
                        }
                        c2 = c2 << 4 | d;
                    }
                    pos += 6;
                } else {
                    c2 = switch (e) {
                        case '"', '\\', '/' -> e;
                        case 'b' -> '\b';
                        case 'f' -> '\f';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        default -> -1;
                    };
                    if (c2 < 0) {
                        return false;
                    }
                    pos += 2;
                }
                if (c2 < 64) {
                    low |= 1L << c2;
                } else if (c2 < 128) {
                    high |= 1L << (c2 - 64);
                }
            } else if (c < 0x20) {
                return false; // the codec refuses a raw control character
            } else if (c < 0x80) {
                pos++;
            } else {
                plain = false;
                int n = utf8Length(pos);
                if (n < 0) {
                    return false; // malformed: the line's decoding would replace it; the codec's reading decides
                }
                pos += n;
            }
        }
        return false;
    }

    /** The length of the well-formed UTF-8 sequence at {@code i} (its lead byte is not ASCII), or -1. */
    private int utf8Length(int i) {
        int c = b[i] & 0xff;
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            if (c == 0xE0) {
                lo = 0xA0;
            } else if (c == 0xED) {
                hi = 0x9F; // no encoded surrogates
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            if (c == 0xF0) {
                lo = 0x90;
            } else if (c == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return -1;
        }
        if (i + n > end) {
            return -1;
        }
        int second = b[i + 1] & 0xff;
        if (second < lo || second > hi) {
            return -1;
        }
        for (int k = 2; k < n; k++) {
            int x = b[i + k] & 0xff;
            if (x < 0x80 || x > 0xBF) {
                return -1;
            }
        }
        return n;
    }

    // ---- finding terms ----------------------------------------------------------------------------------

    /** Looks for the terms not found yet in the value {@code b[s, e)} (a string's content or a number). */
    private void find(int s, int e, boolean plain) {
        if (plain) {
            for (int t = 0; t < terms.length; t++) {
                if (foundAt[t] < 0 && needles[t] != null) {
                    int k = needles[t].find(b, s, e);
                    if (k >= 0) {
                        found(t, k - s, s, e, true);
                    }
                }
            }
            return;
        }
        // An ASCII term none of whose characters (in either case) an escape of the value stands for is in the
        // decoded text exactly where its bytes are, outside escapes: found without decoding.
        boolean decoding = false;
        for (int t = 0; t < terms.length; t++) {
            decode[t] = false;
            if (foundAt[t] >= 0) {
                continue;
            }
            if (needles[t] != null && (charsLow[t] & escapedLow) == 0 && (charsHigh[t] & escapedHigh) == 0) {
                int at = findBytes(needles[t], s, e);
                if (at >= 0) {
                    found(t, at, s, e, false);
                }
            } else {
                decode[t] = true;
                decoding = true;
            }
        }
        if (decoding) {
            findDecoded(s, e);
        }
    }

    /**
     * Where the needle's first occurrence outside escapes in the value {@code b[s, e)} starts, counted in the
     * value's decoded chars; -1 when there is none.
     */
    private int findBytes(AsciiNeedle needle, int s, int e) {
        int i = s; // walks the value, never past a candidate
        int chars = 0; // decoded chars before i
        int from = s;
        while (true) {
            int k = needle.find(b, from, e);
            if (k < 0) {
                return -1;
            }
            while (i < k) {
                int c = b[i] & 0xff;
                if (c == '\\') {
                    i += b[i + 1] == 'u' ? 6 : 2;
                    chars++;
                } else if (c < 0x80) {
                    i++;
                    chars++;
                } else {
                    int n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
                    i += n;
                    chars += n == 4 ? 2 : 1;
                }
            }
            if (i == k && !hasBackslash(k, k + needle.length())) {
                return chars;
            }
            from = k + 1; // inside an escape, or across one
        }
    }

    private boolean hasBackslash(int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    /** Looks for the terms marked {@link #decode} in the decoded value {@code b[s, e)}. */
    private void findDecoded(int s, int e) {
        // Decoded a segment at a time; the last (longest - 1) characters are kept for a match across the edge.
        int keep = longest - 1;
        long index = 0; // of segment[0] in the value
        int n = 0;
        dpos = s;
        dend = e;
        boolean pending = true;
        while (dpos < dend && pending) {
            int got = decode(segment, n, segment.length);
            n += got;
            CharBuffer hay = CharBuffer.wrap(segment, 0, n);
            pending = false;
            for (int t = 0; t < terms.length; t++) {
                if (foundAt[t] < 0 && decode[t]) {
                    int k = Search.indexOfFolded(hay, terms[t], 0);
                    if (k >= 0) {
                        found(t, (int) (index + k), s, e, false);
                    } else {
                        pending = true;
                    }
                }
            }
            if (n > keep) {
                System.arraycopy(segment, n - keep, segment, 0, keep);
                index += n - keep;
                n = keep;
            }
        }
    }

    private void found(int t, int at, int s, int e, boolean plain) {
        foundAt[t] = at;
        foundStart[t] = s;
        foundEnd[t] = e;
        foundPlain[t] = plain;
        unfound--;
    }

    /**
     * Decodes the checked string content at {@code dpos} (up to {@code dend}) into {@code out[from, limit)}
     * as the codec would (escapes; UTF-8, a pair of chars beyond U+FFFF); returns how many chars it wrote.
     */
    private int decode(char[] out, int from, int limit) {
        int w = from;
        int i = dpos;
        int stop = dend;
        byte[] h = b;
        while (i < stop && w <= limit - 2) {
            int c = h[i] & 0xff;
            if (c == '\\') {
                byte e = h[i + 1];
                switch (e) {
                    case 'u' -> {
                        out[w++] = (char) (JsonBytes.hexDigit(h[i + 2]) << 12 | JsonBytes.hexDigit(h[i + 3]) << 8
                                | JsonBytes.hexDigit(h[i + 4]) << 4 | JsonBytes.hexDigit(h[i + 5]));
                        i += 6;
                        continue;
                    }
                    case 'b' -> out[w++] = '\b';
                    case 'f' -> out[w++] = '\f';
                    case 'n' -> out[w++] = '\n';
                    case 'r' -> out[w++] = '\r';
                    case 't' -> out[w++] = '\t';
                    default -> out[w++] = (char) e; // " \ /
                }
                i += 2;
            } else if (c < 0x80) {
                out[w++] = (char) c;
                i++;
            } else if (c < 0xE0) {
                out[w++] = (char) ((c & 0x1F) << 6 | (h[i + 1] & 0x3F));
                i += 2;
            } else if (c < 0xF0) {
                out[w++] = (char) ((c & 0x0F) << 12 | (h[i + 1] & 0x3F) << 6 | (h[i + 2] & 0x3F));
                i += 3;
            } else {
                int cp = (c & 0x07) << 18 | (h[i + 1] & 0x3F) << 12 | (h[i + 2] & 0x3F) << 6 | (h[i + 3] & 0x3F);
                out[w++] = Character.highSurrogate(cp);
                out[w++] = Character.lowSurrogate(cp);
                i += 4;
            }
        }
        dpos = i;
        return w - from;
    }
}
