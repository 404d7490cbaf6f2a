package io.github.agentstrace.analysis;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.session.McpToolName;
import io.github.agentstrace.session.Subject;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code search}: the events of sessions that match a {@link SearchQuery}, found without parsing every line.
 *
 * <p>Each events file is scanned as raw bytes for the query's literal text (ASCII letters without case), and
 * only lines that hold it are checked exactly: read in place ({@code EventLine}: the values and fields the
 * parsed event would have, without building it), or parsed when they are unusual. The on-disk format is
 * ASCII-only with {@code \\uXXXX} escapes, so a term is looked for in the form the JSON writers store it
 * (non-ASCII characters escaped, quotes and backslashes escaped), and also as raw UTF-8 for files that were
 * not written that way; a non-ASCII letter that has a case is left out of the literal (its escape differs by
 * case), the exact check decides. A file with no line holding the literal is read once and never parsed.
 *
 * <p>What matches an event:
 * <ul>
 *   <li>a word or phrase: contained, without case, in one of the event's values (the strings and numbers in
 *       its {@code data}, at any depth, and its event and parent ids; not the keys, not the type);</li>
 *   <li>{@code tool:T}: the tool the event names itself ({@code data.tool_name}, or a call's {@code name}) is
 *       {@code T}, or its MCP form {@code server/tool} is; {@code T*} matches by prefix. An answer that does not
 *       repeat its call's tool name is not paired here (that would mean parsing every call): it has no tool;</li>
 *   <li>{@code type:X}: the event type is {@code X};</li>
 *   <li>{@code file:P}: a path the event names (a call's file arguments, a file event's path) contains
 *       {@code P};</li>
 *   <li>{@code model:M}: {@code data.model} contains {@code M};</li>
 *   <li>{@code session:S}: the session's id, or (subagents counted with their parent) its parent's, starts
 *       with {@code S}.</li>
 * </ul>
 *
 * <p>Event numbers are those of the session model (1-based, blank and invalid lines not counted): a line that
 * is parsed counts when it is a valid event; a line that is not parsed counts when it looks like a JSON object
 * (its first and last non-blank characters are braces). A line torn by a crash in the middle of a value ends
 * without its brace and is not counted, as the reader skips it; one torn right after a closing brace would be
 * counted and shift the numbers after it by one. Memory holds the read buffer (1 MiB, or the longest line)
 * and the current hit, whatever the size of the files.
 */
public final class Search {
    private static final int CHUNK = 1 << 20;
    private static final long NEWLINES = AsciiNeedle.lanes('\n');
    private static final long BRACES = AsciiNeedle.lanes('}');
    /** Characters of context kept on each side of a match. */
    private static final int CONTEXT = 100;
    private static final int FALLBACK = 200;
    private static final DateTimeFormatter WALL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SHORT =
            DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * One matching event.
     *
     * @param sessionId  its session
     * @param traceDir   the trace directory of the session
     * @param number     its event number in the session (as {@code replay --numbers} shows it)
     * @param timestamp  when it was recorded, epoch seconds
     * @param type       its event type
     * @param tool       the tool it names ({@code server/tool} for MCP tools), or null
     * @param snippet    a short text around the match (or, for a query of fields only, what the event is about)
     * @param matchStart where the match starts in the snippet, -1 when nothing is highlighted
     * @param matchEnd   where it ends
     */
    public record Hit(String sessionId, Path traceDir, long number, double timestamp, String type, String tool,
                      String snippet, int matchStart, int matchEnd) {

        /** One NDJSON line's object. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("session_id", sessionId);
            m.put("trace_dir", traceDir.toString());
            m.put("event", number);
            m.put("timestamp", timestamp);
            m.put("time", ISO.format(instant(timestamp)));
            m.put("type", type);
            m.put("tool", tool);
            m.put("snippet", snippet);
            if (matchStart >= 0) {
                m.put("match", List.of(matchStart, matchEnd));
            }
            return m;
        }

        /**
         * One line: session, UTC time, event number, type, tool and the snippet with the match highlighted,
         * fitted to {@code width} (the snippet moves so that the match stays in view). Below 100 columns the
         * time loses its year and seconds, below 70 it is left out, so that the text keeps some room.
         */
        public String text(Ansi a, int width) {
            boolean full = width <= 0 || width >= 100;
            String id = pad(sessionId, 16);
            String n = pad("#" + number, 5);
            String t = full ? pad(type, 12) : type;
            Line line = new Line().add(Ansi.CYAN, id).plain(" ");
            int used = Line.width(id) + 1;
            if (full || width >= 70) {
                String time = time(timestamp, full);
                line.add(Ansi.DIM, time).plain(" ");
                used += time.length() + 1;
            }
            line.add(Ansi.DIM, n).plain(" ").add(type.equals("error") ? Ansi.RED : "", t);
            used += n.length() + 1 + t.length();
            if (tool != null) {
                line.plain(" ").add(Ansi.BOLD, tool);
                used += 1 + Line.width(tool);
            }
            line.plain("  ");
            used += 2;
            String s = snippet;
            int ms = matchStart;
            int me = matchEnd;
            int room = width > 0 ? width - used : Integer.MAX_VALUE;
            if (ms >= 0 && room > 8 && Line.width(s.substring(0, me)) > room) {
                // Bring the match into view: cut the start of the snippet, keeping a third of the room before it.
                int keep = Math.max(1, room / 3);
                int from = Math.max(0, ms - keep);
                s = "…" + s.substring(from);
                ms = ms - from + 1;
                me = me - from + 1;
            }
            if (ms >= 0) {
                line.plain(s.substring(0, ms)).add(Ansi.BOLD + Ansi.RED, s.substring(ms, me)).plain(s.substring(me));
            } else {
                line.plain(s);
            }
            return line.render(a, width);
        }

        /**
         * The UTC time as {@code WALL} or {@code SHORT} formats it, by hand for years 1000 to 9999: the
         * formatter's generality costs more than the rest of a hit's line, once per hit.
         */
        private static String time(double ts, boolean full) {
            Instant at = instant(ts);
            java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(at.getEpochSecond(), 0, ZoneOffset.UTC);
            if (t.getYear() < 1000 || t.getYear() > 9999) {
                return (full ? WALL : SHORT).format(at);
            }
            StringBuilder sb = new StringBuilder(19);
            if (full) {
                sb.append(t.getYear()).append('-');
            }
            two(sb, t.getMonthValue()).append('-');
            two(sb, t.getDayOfMonth()).append(' ');
            two(sb, t.getHour()).append(':');
            two(sb, t.getMinute());
            if (full) {
                two(sb.append(':'), t.getSecond());
            }
            return sb.toString();
        }

        private static StringBuilder two(StringBuilder sb, int n) {
            return sb.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
        }

        private static String pad(String s, int w) {
            return s.length() >= w ? s : s + " ".repeat(w - s.length());
        }

        private static Instant instant(double ts) {
            return Instant.ofEpochMilli(Math.round(ts * 1000));
        }
    }

    /** One term, ready for the exact check: its value without case, and a text term's index in {@link #reader}. */
    private record Prepared(SearchQuery.Term term, String folded, int text) {
    }

    private final List<List<Prepared>> clauses = new ArrayList<>();
    /** Per clause, the literals one of which a line must hold to match it; null when the clause cannot tell. */
    private final List<List<AsciiNeedle>> filters = new ArrayList<>();
    /** The clause whose literals find candidate lines, -1 for none: then every line is a candidate. */
    private final int anchorClause;
    /** Its literals (empty without an anchor). */
    private final AsciiNeedle[] anchor;
    /** How far past a position the anchor's candidate test reads. */
    private final int anchorReach;
    private byte[] buf = new byte[CHUNK];
    /**
     * Reads candidate lines without parsing them, or null when a term needs the parsed event (a file filter):
     * then every candidate is parsed.
     */
    private final EventLine reader;
    /** Whether hits carry their snippet ({@code --count} needs none). */
    private final boolean snippets;

    /** A search whose hits carry their snippet. */
    public Search(SearchQuery query) {
        this(query, true);
    }

    /**
     * @param snippets false when only the hits' number and place matter (a count): no snippet is made, and a
     *                 hit of fields alone has an empty one
     */
    public Search(SearchQuery query, boolean snippets) {
        this(query, snippets, true);
    }

    /** The same search parsing every candidate line, as a file filter needs: what reading in place must equal. */
    static Search parsingEachLine(SearchQuery query) {
        return new Search(query, true, false);
    }

    private Search(SearchQuery query, boolean snippets, boolean inPlace) {
        this.snippets = snippets;
        List<String> texts = new ArrayList<>();
        boolean readable = inPlace;
        for (List<SearchQuery.Term> c : query.clauses()) {
            List<Prepared> prepared = new ArrayList<>();
            List<AsciiNeedle> filter = new ArrayList<>();
            boolean filterable = true;
            for (SearchQuery.Term t : c) {
                List<AsciiNeedle> needles = t.negated() ? null : needles(t);
                String folded = fold(t.value());
                int text = -1;
                if (t.field() == null) {
                    text = texts.size();
                    texts.add(folded);
                    readable &= !folded.isEmpty();
                }
                readable &= t.field() != SearchQuery.Field.FILE; // the paths a call names are Subject's reading
                prepared.add(new Prepared(t, folded, text));
                if (needles == null) {
                    filterable = false;
                } else {
                    filter.addAll(needles);
                }
            }
            clauses.add(prepared);
            filters.add(filterable ? filter : null);
        }
        // The clause whose shortest literal is longest finds the fewest candidates.
        int best = -1;
        int bestLength = 0;
        for (int i = 0; i < filters.size(); i++) {
            List<AsciiNeedle> f = filters.get(i);
            if (f == null) {
                continue;
            }
            int shortest = Integer.MAX_VALUE;
            for (AsciiNeedle n : f) {
                shortest = Math.min(shortest, n.length());
            }
            if (shortest > bestLength) {
                best = i;
                bestLength = shortest;
            }
        }
        anchorClause = best;
        anchor = best < 0 ? new AsciiNeedle[0] : filters.get(best).toArray(new AsciiNeedle[0]);
        int reach = 0;
        for (AsciiNeedle n : anchor) {
            reach = Math.max(reach, n.reach());
        }
        anchorReach = reach;
        reader = readable ? new EventLine(texts.toArray(new String[0])) : null;
    }

    /**
     * Searches one session's events, in file order, handing each hit to {@code hits} as it is found.
     *
     * @param sessionId the session
     * @param topId     the session its subagents count with (itself for a top-level session or when flat)
     * @param traceDir  its trace directory
     * @param events    its events file (a missing file has no events; a symbolic link is not followed)
     * @param hits      gets each hit; returns false to stop the search
     * @return false when {@code hits} asked to stop
     */
    public boolean session(String sessionId, String topId, Path traceDir, Path events, Predicate<Hit> hits)
            throws IOException {
        if (!sessionCanMatch(sessionId, topId)) {
            return true;
        }
        try (FileChannel ch = FileChannel.open(events, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return scan(ch, new FileState(sessionId, topId, traceDir, hits));
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    /** The per-file state of a scan. */
    private static final class FileState {
        final String sessionId;
        final String topId;
        final Path traceDir;
        final Predicate<Hit> hits;
        long number;

        FileState(String sessionId, String topId, Path traceDir, Predicate<Hit> hits) {
            this.sessionId = sessionId;
            this.topId = topId;
            this.traceDir = traceDir;
            this.hits = hits;
        }
    }

    /** Whether a clause made of session filters alone rules this session out before it is read. */
    private boolean sessionCanMatch(String sessionId, String topId) {
        for (List<Prepared> c : clauses) {
            boolean onlySession = true;
            boolean any = false;
            for (Prepared p : c) {
                if (p.term().field() != SearchQuery.Field.SESSION) {
                    onlySession = false;
                    break;
                }
                any |= sessionMatches(p, sessionId, topId) != p.term().negated();
            }
            if (onlySession && !any) {
                return false;
            }
        }
        return true;
    }

    private boolean scan(FileChannel ch, FileState st) throws IOException {
        int filled = 0;
        while (true) {
            int n = read(ch, filled);
            boolean eof = n < 0;
            filled += Math.max(0, n);
            int limit = eof ? filled : lastNewline(filled) + 1;
            if (limit > 0 && !lines(limit, eof, st)) {
                return false;
            }
            if (eof) {
                return true;
            }
            filled = keep(limit, filled);
        }
    }

    /** Reads into the buffer after {@code filled}, growing it when it is full of one line; -1 at the end. */
    private int read(FileChannel ch, int filled) throws IOException {
        if (filled == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, filled, buf.length - filled);
        int total = 0;
        while (bb.hasRemaining()) {
            int n = ch.read(bb);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    private int lastNewline(int filled) {
        for (int i = filled - 1; i >= 0; i--) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Moves the unfinished line at {@code [limit, filled)} to the front; returns its length. */
    private int keep(int limit, int filled) {
        int rest = filled - limit;
        if (limit > 0 && rest > 0) {
            System.arraycopy(buf, limit, buf, 0, rest);
        }
        return rest;
    }

    /**
     * The lines of {@code buf[0, to)}: whole lines, and at the end of the file perhaps one without its newline.
     * Lines are counted as they go by; those that hold the anchor literal are looked at.
     */
    private boolean lines(int to, boolean eof, FileState st) {
        int pos = 0;
        while (pos < to) {
            int candidate = anchor.length == 0 ? pos : countToAnchor(pos, to, st);
            if (candidate < 0) {
                if (eof && buf[to - 1] != '\n' && endsLikeEvent(to)) {
                    st.number++; // the last line, without its newline
                }
                return true;
            }
            int start = candidate;
            while (start > pos && buf[start - 1] != '\n') {
                start--;
            }
            int nl = AsciiNeedle.newline(buf, candidate, to);
            int end = nl < 0 ? to : nl;
            if (!line(start, end, st)) {
                return false;
            }
            pos = end + 1;
        }
        return true;
    }

    /**
     * From {@code from} (a line start) to the first position where an anchor literal starts, counting the events
     * among the lines that end before it; returns the position, or -1 when {@code [from, to)} has none (every
     * line that ends in it counted). One pass, eight positions a step: each step looks for newlines and for the
     * literals' rarest bytes at once.
     */
    private int countToAnchor(int from, int to, FileState st) {
        byte[] h = buf;
        AsciiNeedle[] others = anchor;
        AsciiNeedle first = others[0];
        long events = 0;
        int i = from;
        if (i == 0 && i < to) {
            // Position 0 has no byte before it to read for the newline test below: looked at alone.
            if (anchorStarts(0, to)) {
                return 0;
            }
            i = 1; // a newline here is an empty line: not an event
        }
        int blocks = to - 8 - anchorReach;
        // The first literal's fields in locals: the JIT does not trust final instance fields to stay put.
        int p1 = first.p1;
        int p2 = first.p2;
        long f1 = first.fold1;
        long f2 = first.fold2;
        long b1 = first.b1;
        long b2 = first.b2;
        boolean single = p1 == p2;
        while (i <= blocks) {
            long newlines = AsciiNeedle.maybeZeroBytes(AsciiNeedle.word(h, i) ^ NEWLINES);
            long cand = AsciiNeedle.maybeZeroBytes((AsciiNeedle.word(h, i + p1) | f1) ^ b1);
            if (!single) {
                cand &= AsciiNeedle.maybeZeroBytes((AsciiNeedle.word(h, i + p2) | f2) ^ b2);
            }
            for (int a = 1; a < others.length; a++) {
                cand |= others[a].candidates(h, i);
            }
            while (cand != 0) {
                int k = i + (Long.numberOfTrailingZeros(cand) >>> 3);
                if (anchorStarts(k, to)) {
                    long earlier = newlines & ((1L << ((k - i) << 3)) - 1);
                    st.number += events + eventsEnding(earlier, i);
                    return k;
                }
                cand &= cand - 1;
            }
            if (newlines != 0) {
                events += eventsEnding(newlines, i);
            }
            i += 8;
        }
        for (; i < to; i++) {
            if (anchorStarts(i, to)) {
                st.number += events;
                return i;
            }
            if (h[i] == '\n' && endsLikeEvent(i)) {
                events++;
            }
        }
        st.number += events;
        return -1;
    }

    /**
     * Lines that end at the newlines of a mask ({@code newlines}, for the bytes at {@code i}; it may mark a byte
     * that is not one, which the slower check refuses) and are events: the byte before the newline is a closing
     * brace, else the slower check says so.
     */
    private int eventsEnding(long newlines, int i) {
        long before = AsciiNeedle.word(buf, i - 1); // byte j of it is the one before byte j of the block
        long braced = newlines & AsciiNeedle.zeroBytes(AsciiNeedle.word(buf, i) ^ NEWLINES)
                & AsciiNeedle.zeroBytes(before ^ BRACES);
        int count = Long.bitCount(braced);
        long other = newlines & ~braced;
        while (other != 0) {
            if (endsLikeEvent(i + (Long.numberOfTrailingZeros(other) >>> 3))) {
                count++;
            }
            other &= other - 1;
        }
        return count;
    }

    private boolean anchorStarts(int k, int to) {
        for (AsciiNeedle n : anchor) {
            if (k + n.length() <= to && n.matchesAt(buf, k)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the line ending at {@code end} (its newline, or the end of the data) counts as an event without
     * being parsed: its last character other than spaces is a closing brace. A line torn in the middle of a
     * value does not end so; a blank line has none.
     */
    private boolean endsLikeEvent(int end) {
        int e = end - 1;
        while (e >= 0 && buf[e] != '\n' && isSpace(buf[e])) {
            e--;
        }
        return e >= 0 && buf[e] == '}';
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == 0x0B;
    }

    /** One candidate line: counted when it is an event, handed on when it matches. */
    private boolean line(int start, int end, FileState st) {
        if (!passesFilters(start, end)) {
            if (endsLikeEvent(end)) {
                st.number++;
            }
            return true;
        }
        int s = start;
        while (s < end && isSpace(buf[s])) {
            s++;
        }
        if (s == end) {
            return true; // blank
        }
        if (reader != null && reader.read(buf, start, end)) {
            st.number++;
            Hit hit = read(st);
            if (hit != PARSE) {
                return hit == null || st.hits.test(hit);
            }
            Hit parsed = match(TraceEvent.parseLine(new String(buf, start, end - start, StandardCharsets.UTF_8)), st);
            return parsed == null || st.hits.test(parsed);
        }
        TraceEvent e;
        try {
            e = TraceEvent.parseLine(new String(buf, start, end - start, StandardCharsets.UTF_8));
        } catch (RuntimeException bad) {
            return true; // not an event: the reader skips it, and so does the numbering
        }
        st.number++;
        Hit hit = match(e, st);
        return hit == null || st.hits.test(hit);
    }

    /** Whether the line holds a literal of every clause that has them (besides the anchor's, found already). */
    private boolean passesFilters(int start, int end) {
        for (int i = 0; i < filters.size(); i++) {
            List<AsciiNeedle> f = filters.get(i);
            if (f == null || i == anchorClause) {
                continue;
            }
            boolean found = false;
            for (AsciiNeedle n : f) {
                if (n.find(buf, start, end) >= 0) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    // ---- the exact check on a line read in place -------------------------------------------------------

    /** A hit of fields alone, whose text the parsed event describes. */
    private static final Hit PARSE = new Hit("", Path.of(""), 0, 0, "", null, "", -1, -1);

    /** The check of {@link #match} on the line the reader holds: a hit, null, or {@link #PARSE}. */
    private Hit read(FileState st) {
        EventLine r = reader;
        Prepared shown = null;
        for (List<Prepared> c : clauses) {
            boolean any = false;
            for (Prepared p : c) {
                boolean m = p.term().field() == null ? r.found(p.text()) : fieldMatches(p, r, st);
                if (m != p.term().negated()) {
                    any = true;
                    if (shown == null && p.term().field() == null && !p.term().negated()) {
                        shown = p;
                    }
                    break;
                }
            }
            if (!any) {
                return null;
            }
        }
        String type = type(r);
        String tool = tool(r, type);
        String display = tool == null ? null : McpToolName.display(tool);
        if (shown == null && snippets) {
            return PARSE;
        }
        if (shown == null || !snippets) {
            return new Hit(st.sessionId, st.traceDir, st.number, r.timestamp(), type, display, "", -1, -1);
        }
        int at = r.at(shown.text());
        int length = shown.folded().length();
        int from = Math.max(0, at - CONTEXT);
        boolean[] more = new boolean[1];
        CharSequence window = r.window(shown.text(), from, at + length + CONTEXT, more);
        return snippet(st, r.timestamp(), type, display, window, from, at, length, more[0]);
    }

    private boolean fieldMatches(Prepared p, EventLine r, FileState st) {
        String want = p.folded();
        return switch (p.term().field()) {
            case TYPE -> fold(type(r)).equals(want);
            case TOOL -> toolMatches(tool(r, type(r)), want);
            case MODEL -> {
                String model = r.text(EventLine.MODEL);
                yield model != null && indexOfFolded(model, want, 0) >= 0;
            }
            case SESSION -> sessionMatches(p, st.sessionId, st.topId);
            case FILE -> throw new IllegalStateException("a file filter reads the parsed event");
        };
    }

    private static final EventType[] TYPES = EventType.values();

    /** The event type, the known ones without a new string. */
    private static String type(EventLine r) {
        for (EventType t : TYPES) {
            if (r.is(EventLine.TYPE, t.wire())) {
                return t.wire();
            }
        }
        return r.text(EventLine.TYPE);
    }

    private static String tool(EventLine r, String type) {
        return tool(type, r.text(EventLine.TOOL_NAME), r.text(EventLine.NAME), r.text(EventLine.TOOL));
    }

    /**
     * The tool an event names itself: its {@code tool_name}, or a call's {@code name}, else its {@code tool}
     * (each null when not a string); null when none is a non-empty string.
     */
    private static String tool(String type, String toolName, String name, String tool) {
        String t = toolName;
        if ((t == null || t.isEmpty()) && "tool_call".equals(type)) {
            t = name == null || name.isEmpty() ? tool : name;
        }
        return t == null || t.isEmpty() ? null : t;
    }

    // ---- the exact check on a parsed event ---------------------------------------------------------------

    /** What was found of a text term: the value it is in, and where. */
    private record Found(String value, int at, int length) {
    }

    private Hit match(TraceEvent e, FileState st) {
        EventText text = new EventText(e);
        Found shown = null;
        for (List<Prepared> c : clauses) {
            boolean any = false;
            for (Prepared p : c) {
                Found f = null;
                boolean m;
                if (p.term().field() == null) {
                    f = text.find(p.folded());
                    m = f != null;
                } else {
                    m = fieldMatches(p, text, st);
                }
                if (m != p.term().negated()) {
                    any = true;
                    if (shown == null && f != null && !p.term().negated()) {
                        shown = f;
                    }
                    break;
                }
            }
            if (!any) {
                return null;
            }
        }
        String tool = text.tool();
        String display = tool == null ? null : McpToolName.display(tool);
        if (!snippets) {
            return new Hit(st.sessionId, st.traceDir, st.number, e.timestamp(), e.type(), display, "", -1, -1);
        }
        if (shown == null) {
            return new Hit(st.sessionId, st.traceDir, st.number, e.timestamp(), e.type(), display,
                    text.describe(), -1, -1);
        }
        return snippet(st, e, display, shown);
    }

    private Hit snippet(FileState st, TraceEvent e, String tool, Found f) {
        String v = f.value();
        int from = Math.max(0, f.at() - CONTEXT);
        int to = Math.min(v.length(), f.at() + f.length() + CONTEXT);
        return snippet(st, e.timestamp(), e.type(), tool, v.subSequence(from, to), from, f.at(), f.length(),
                to < v.length());
    }

    /**
     * A hit whose snippet is the text around a match: {@code window} holds the value's characters from
     * {@code from} on (as far as {@value #CONTEXT} after the match), {@code more} says the value goes on.
     */
    private Hit snippet(FileState st, double timestamp, String type, String tool, CharSequence window, int from,
                        int at, int length, boolean more) {
        StringBuilder sb = new StringBuilder(window.length() + 8);
        if (from > 0) {
            sb.append('…');
        }
        int ms = -1;
        int me = -1;
        boolean space = false;
        int to = from + window.length();
        for (int i = from; i < to; i++) {
            if (i == at) {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                ms = sb.length();
            }
            if (i == at + length) {
                me = sb.length();
            }
            char c = window.charAt(i - from);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                // Whitespace runs become one space; inside the match they are kept as one space too.
                space = sb.length() > 0;
                if (i >= at && i < at + length) {
                    sb.append(' ');
                    space = false;
                }
                continue;
            }
            if (space) {
                sb.append(' ');
                space = false;
            }
            sb.append(c);
        }
        if (me < 0) {
            me = sb.length();
        }
        if (more) {
            sb.append('…');
        }
        return new Hit(st.sessionId, st.traceDir, st.number, timestamp, type, tool, sb.toString(), ms, me);
    }

    private boolean fieldMatches(Prepared p, EventText text, FileState st) {
        String want = p.folded();
        return switch (p.term().field()) {
            case TYPE -> fold(text.event.type()).equals(want);
            case TOOL -> toolMatches(text.tool(), want);
            case FILE -> {
                for (String path : text.paths()) {
                    if (indexOfFolded(path, want, 0) >= 0) {
                        yield true;
                    }
                }
                yield false;
            }
            case MODEL -> {
                String model = Json.asString(text.event.data().get("model"));
                yield model != null && indexOfFolded(model, want, 0) >= 0;
            }
            case SESSION -> sessionMatches(p, st.sessionId, st.topId);
        };
    }

    private static boolean sessionMatches(Prepared p, String sessionId, String topId) {
        return fold(sessionId).startsWith(p.folded()) || fold(topId).startsWith(p.folded());
    }

    private static boolean toolMatches(String tool, String want) {
        if (tool == null) {
            return false;
        }
        String[] names = {fold(tool), fold(McpToolName.display(tool))};
        boolean prefix = want.endsWith("*");
        String w = prefix ? want.substring(0, want.length() - 1) : want;
        for (String n : names) {
            if (prefix ? n.startsWith(w) : n.equals(w)) {
                return true;
            }
        }
        return false;
    }

    /** The text of one event, worked out as the check needs it. */
    private static final class EventText {
        final TraceEvent event;
        private List<String> values;

        EventText(TraceEvent event) {
            this.event = event;
        }

        /** The first value holding the folded text, and where. */
        Found find(String folded) {
            for (String v : values()) {
                int at = indexOfFolded(v, folded, 0);
                if (at >= 0) {
                    return new Found(v, at, folded.length());
                }
            }
            return null;
        }

        List<String> values() {
            if (values == null) {
                values = new ArrayList<>();
                addValues(event.data(), values);
                if (event.eventId() != null) {
                    values.add(event.eventId());
                }
                if (event.parentId() != null) {
                    values.add(event.parentId());
                }
            }
            return values;
        }

        private static void addValues(Object o, List<String> out) {
            if (o instanceof String s) {
                out.add(s);
            } else if (o instanceof Number n) {
                out.add(Json.formatNumber(n));
            } else if (o instanceof Map<?, ?> m) {
                for (Object v : m.values()) {
                    addValues(v, out);
                }
            } else if (o instanceof List<?> l) {
                for (Object v : l) {
                    addValues(v, out);
                }
            }
        }

        String tool() {
            Map<String, Object> d = event.data();
            return Search.tool(event.type(), Json.asString(d.get("tool_name")), Json.asString(d.get("name")),
                    Json.asString(d.get("tool")));
        }

        /** The paths the event names: its call's file arguments, and a path of its own. */
        Set<String> paths() {
            Set<String> paths = new LinkedHashSet<>();
            String tool = tool();
            Map<String, Object> d = event.data();
            for (String key : new String[] {"arguments", "tool_input"}) {
                if (d.get(key) instanceof Map<?, ?>) {
                    paths.addAll(Subject.of(tool == null ? "" : tool, Json.asObject(d.get(key)), null).paths());
                }
            }
            paths.addAll(Subject.of("", d, null).paths());
            return paths;
        }

        /** What the event is about, for a hit found by fields alone. */
        String describe() {
            Map<String, Object> d = event.data();
            String tool = tool();
            if ("tool_call".equals(event.type()) && tool != null) {
                Object args = d.get("arguments") instanceof Map<?, ?> ? d.get("arguments") : d.get("tool_input");
                String s = Subject.of(tool, Json.asObject(args), null).describe();
                if (!s.isEmpty()) {
                    return clip(s);
                }
            }
            for (String key : new String[] {"prompt", "message", "error", "stderr", "result", "output", "content",
                    "text", "response", "reason", "path", "uri", "model"}) {
                Object v = d.get(key);
                if (v != null && !(v instanceof String s && s.isBlank())) {
                    return clip(Json.text(v));
                }
            }
            return "";
        }

        private static String clip(String s) {
            StringBuilder sb = new StringBuilder();
            boolean space = false;
            for (int i = 0; i < s.length() && sb.length() < FALLBACK; i++) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                    space = sb.length() > 0;
                    continue;
                }
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(c);
            }
            return sb.length() >= FALLBACK ? sb + "…" : sb.toString();
        }
    }

    // ---- case folding and literals -----------------------------------------------------------------------

    /**
     * A character without case: ASCII letters to lower case; other characters to the lower case of their upper
     * case, unless that is ASCII (so that no non-ASCII character matches an ASCII one, as in the byte scan).
     */
    static char fold(char c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        char f = Character.toLowerCase(Character.toUpperCase(c));
        return f < 0x80 ? c : f;
    }

    static String fold(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            sb.append(fold(s.charAt(i)));
        }
        return sb.toString();
    }

    /** Where the folded text {@code needle} starts in {@code hay} compared without case, or -1. */
    static int indexOfFolded(CharSequence hay, String needle, int from) {
        int n = needle.length();
        if (n == 0) {
            return from;
        }
        char first = needle.charAt(0);
        int last = hay.length() - n;
        outer:
        for (int i = from; i <= last; i++) {
            if (fold(hay.charAt(i)) != first) {
                continue;
            }
            for (int j = 1; j < n; j++) {
                if (fold(hay.charAt(i + j)) != needle.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The literals a line must hold for a term to match it, or null when the term cannot tell (a session
     * filter, a negation, a value with nothing literal left).
     */
    private static List<AsciiNeedle> needles(SearchQuery.Term t) {
        String v = t.value();
        if (t.field() != null) {
            switch (t.field()) {
                case SESSION -> {
                    return null;
                }
                case TOOL -> {
                    // Stored as the tool's own name: mcp__server__tool when shown as server/tool.
                    String w = v.endsWith("*") ? v.substring(0, v.length() - 1) : v;
                    v = w.substring(w.lastIndexOf('/') + 1);
                }
                default -> {
                }
            }
        }
        String escaped = longestStableRun(v, true);
        String raw = longestStableRun(v, false);
        if (escaped.isEmpty() || raw.isEmpty()) {
            return null; // a form with nothing literal in it could be on any line
        }
        Set<String> alternatives = new LinkedHashSet<>(List.of(escaped, raw));
        List<AsciiNeedle> out = new ArrayList<>();
        for (String a : alternatives) {
            out.add(new AsciiNeedle(a.getBytes(StandardCharsets.ISO_8859_1)));
        }
        return out;
    }

    /**
     * The longest part of the text as a JSON writer stores it ({@code escaped}: ASCII only, other characters as
     * {@code \\uXXXX}; else other characters as raw UTF-8), one char per byte, made of characters whose stored
     * bytes do not depend on case beyond ASCII letters.
     */
    private static String longestStableRun(String text, boolean escaped) {
        String best = "";
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            boolean stable = cp < 0x80 || (Character.toUpperCase(cp) == cp && Character.toLowerCase(cp) == cp);
            if (!stable) {
                if (run.length() > best.length()) {
                    best = run.toString();
                }
                run.setLength(0);
                continue;
            }
            String json = Json.write(new String(Character.toChars(cp)),
                    escaped ? Json.Style.COMPACT_ASCII : Json.Style.COMPACT);
            String stored = json.substring(1, json.length() - 1); // quotes and backslashes are escaped in both
            run.append(new String(stored.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        }
        return run.length() > best.length() ? run.toString() : best;
    }
}
