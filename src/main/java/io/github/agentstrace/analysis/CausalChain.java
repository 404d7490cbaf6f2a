package io.github.agentstrace.analysis;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.Texts;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.session.Call;
import io.github.agentstrace.session.Failure;
import io.github.agentstrace.session.McpToolName;
import io.github.agentstrace.session.Outcome;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.SessionPass;
import io.github.agentstrace.session.SessionTree;
import io.github.agentstrace.session.Step;
import io.github.agentstrace.session.Subject;
import io.github.agentstrace.session.ToolKind;
import io.github.agentstrace.store.StoreException;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code why}: the chain of causes that led to one event, root first. Each link says why it led to the
 * next: the call a result answers, the failure a call retries, the read that preceded a write to the
 * same file, an earlier result that mentioned the path or value a call uses, the prompt that asked for
 * it, the call that started a subagent.
 *
 * <p>Each step back is one streaming pass over the session up to the event in question (causes come
 * before their effects), so memory stays flat whatever the session's size.
 */
public final class CausalChain {
    /** Longest chain followed (a guard: every step goes strictly back in time). */
    static final int MAX_LINKS = 40;
    private static final int TEXT = 100;

    /**
     * One event of the chain.
     *
     * @param sessionId the session it belongs to
     * @param number    its 1-based number there
     * @param event     the event
     * @param tool      the tool it concerns, or null
     * @param reason    how it led to the next event of the chain; null for the target
     */
    public record Link(String sessionId, long number, TraceEvent event, String tool, String reason) {
    }

    private final String sessionId;
    private final long target;
    private final List<Link> links;

    private CausalChain(String sessionId, long target, List<Link> links) {
        this.sessionId = sessionId;
        this.target = target;
        this.links = links;
    }

    public List<Link> links() {
        return links;
    }

    /**
     * Works out the chain of an event.
     *
     * @param eventSpec the event's 1-based number ({@code 12} or {@code #12}) or its event id
     * @throws StoreException when the session has no such event
     */
    public static CausalChain of(TraceStore store, SessionTree tree, PriceTable prices, String sessionId,
                                 String eventSpec, Consumer<String> warnings) {
        Tracer t = new Tracer(store, tree, prices, warnings);
        Node node = t.find(sessionId, eventSpec);
        List<Link> reversed = new ArrayList<>();
        reversed.add(new Link(node.sessionId, node.number, node.event, node.tool, null));
        Set<String> seen = new LinkedHashSet<>();
        seen.add(node.key());
        for (int i = 0; i < MAX_LINKS; i++) {
            Cause c = t.cause(node);
            if (c == null || !seen.add(c.node.key())) {
                break;
            }
            reversed.add(new Link(c.node.sessionId, c.node.number, c.node.event, c.node.tool, c.reason));
            node = c.node;
        }
        Collections.reverse(reversed);
        return new CausalChain(sessionId, reversed.get(reversed.size() - 1).number(), List.copyOf(reversed));
    }

    // ---- the search ----

    /** An event found by a pass: where it is, and the tool it concerns. */
    private record Node(String sessionId, long number, TraceEvent event, String tool, SessionMeta meta) {
        String key() {
            return sessionId + "#" + number;
        }
    }

    private record Cause(Node node, String reason) {
    }

    private static final class Tracer {
        private final TraceStore store;
        private final SessionTree tree;
        private final PriceTable prices;
        private final Consumer<String> warnings;

        Tracer(TraceStore store, SessionTree tree, PriceTable prices, Consumer<String> warnings) {
            this.store = store;
            this.tree = tree;
            this.prices = prices;
            this.warnings = warnings;
        }

        /** The event a user named, by number or event id. */
        Node find(String sessionId, String spec) {
            SessionMeta meta = tree.meta(sessionId);
            String s = spec.startsWith("#") ? spec.substring(1) : spec;
            boolean byNumber = !s.isEmpty() && s.length() <= 9 && s.chars().allMatch(Character::isDigit);
            long wanted = byNumber ? Long.parseLong(s) : -1;
            Node[] found = {null};
            long[] count = {0};
            scan(meta, Long.MAX_VALUE, new SessionListener() {
                @Override
                public void step(Step st) {
                    if (st.leftover()) {
                        return;
                    }
                    count[0] = st.number();
                    if (found[0] == null && (byNumber ? st.number() == wanted : s.equals(st.event().eventId()))) {
                        found[0] = new Node(sessionId, st.number(), st.event(), st.tool(), meta);
                    }
                }
            });
            if (found[0] == null) {
                if (byNumber) {
                    throw new StoreException(wanted < 1 ? "event numbers start at 1"
                            : "session " + sessionId + " has " + count[0] + (count[0] == 1 ? " event" : " events")
                            + ", no event #" + wanted + " (replay --numbers shows them)");
                }
                throw new StoreException("session " + sessionId + " has no event with id '" + spec
                        + "' (give an event number or an event_id; replay --numbers shows numbers)");
            }
            return found[0];
        }

        /** The cause of an event, or null at the root. */
        Cause cause(Node n) {
            Facts f = facts(n);
            EventType kind = n.event.kind();
            if (f.call != null && kind != EventType.TOOL_CALL && kind != EventType.LLM_REQUEST) {
                return new Cause(f.call, kind == EventType.LLM_RESPONSE ? "the model's answer to this request"
                        : "the result of this call");
            }
            if (kind == EventType.TOOL_CALL) {
                if (f.retried != null) {
                    return new Cause(f.retried, "failed, so the same call was made again");
                }
                if (f.readBefore != null) {
                    return new Cause(f.readBefore, "read " + f.readPath + " before changing it");
                }
                if (f.mentioned != null) {
                    return new Cause(f.mentioned, "its result mentioned " + clip(f.mentionedValue, 60)
                            + ", which the call uses");
                }
            }
            if (f.parent != null) {
                return new Cause(f.parent, "answered by (parent_id)");
            }
            if (kind != EventType.USER_PROMPT && f.prompt != null) {
                return new Cause(f.prompt, "the prompt asked for it");
            }
            if (f.prompt == null || kind == EventType.USER_PROMPT) {
                Cause spawn = spawnedBy(n.meta);
                if (spawn != null) {
                    return spawn;
                }
            }
            if (kind != EventType.USER_PROMPT && f.first != null && f.first.number < n.number) {
                return new Cause(f.first, "the session it happened in");
            }
            return null;
        }

        /** For a subagent session: the call in its parent session that started it. */
        private Cause spawnedBy(SessionMeta child) {
            if (child.parentSessionId().isEmpty() || child.parentEventId().isEmpty()
                    || !tree.exists(child.parentSessionId())) {
                return null;
            }
            SessionMeta parent = tree.meta(child.parentSessionId());
            Node[] call = {null};
            scan(parent, Long.MAX_VALUE, new SessionListener() {
                @Override
                public void step(Step st) {
                    if (call[0] == null && !st.leftover() && child.parentEventId().equals(st.event().eventId())) {
                        call[0] = new Node(parent.sessionId(), st.number(), st.event(), st.tool(), parent);
                    }
                }
            });
            return call[0] == null ? null
                    : new Cause(call[0], "started the subagent session " + child.sessionId());
        }

        /** What came before an event that could have caused it: one pass over its session. */
        private Facts facts(Node n) {
            Facts f = new Facts();
            TraceEvent e = n.event;
            Subject subject = e.kind() == EventType.TOOL_CALL
                    ? Subject.of(n.tool, Json.asObject(e.data().get("arguments")), null) : Subject.NONE;
            String signature = e.kind() == EventType.TOOL_CALL ? signature(n.tool, subject) : null;
            boolean changes = subject.kind() == ToolKind.WRITE || subject.kind() == ToolKind.EDIT;
            List<String> values = values(subject);
            String parentId = e.parentId();
            boolean answer = e.kind() == EventType.TOOL_RESULT || e.kind() == EventType.ERROR
                    || e.kind() == EventType.LLM_RESPONSE;
            // An answer can be written before its call (parallel hooks): then look past it for the call.
            long limit = answer ? Long.MAX_VALUE : n.number;
            scan(n.meta, limit, new SessionListener() {
                @Override
                public void step(Step st) {
                    if (st.leftover()) {
                        return;
                    }
                    long num = st.number();
                    TraceEvent ev = st.event();
                    if (num == n.number) {
                        if (st.call() != null || st.turn() != null) {
                            long callNumber = st.call() != null ? st.call().number() : st.turn().number();
                            if (st.partner() != null && callNumber > 0 && callNumber != n.number) {
                                f.call = new Node(n.sessionId, callNumber, st.partner(), st.tool(), n.meta);
                            }
                        }
                        return;
                    }
                    if (num > n.number) {
                        // Past the event: only its call, written late, is of interest.
                        if (f.call == null && st.call() != null && st.call().answerNumber() == n.number) {
                            f.call = new Node(n.sessionId, num, ev, st.tool(), n.meta);
                        }
                        return;
                    }
                    if (num == 1) {
                        f.first = new Node(n.sessionId, num, ev, st.tool(), n.meta);
                    }
                    EventType k = ev.kind();
                    if (k == EventType.USER_PROMPT) {
                        f.prompt = new Node(n.sessionId, num, ev, null, n.meta);
                    }
                    if (parentId != null && !answer && parentId.equals(ev.eventId())) {
                        f.parent = new Node(n.sessionId, num, ev, st.tool(), n.meta);
                    }
                    Call c = st.call();
                    if (signature != null && c != null && c.outcome() == Outcome.FAILED
                            && signature.equals(c.signature())) {
                        // The failure, as its answer shows it.
                        f.retried = c.answerNumber() > 0 && k != EventType.TOOL_CALL
                                ? new Node(n.sessionId, num, ev, st.tool(), n.meta)
                                : new Node(n.sessionId, c.number(), ev, st.tool(), n.meta);
                    } else if (signature != null && c != null && c.outcome() == Outcome.OK
                            && signature.equals(c.signature())) {
                        f.retried = null; // it worked in between: the later call is not a retry of that failure
                    }
                    if (changes && k == EventType.TOOL_CALL) {
                        Subject s = Subject.of(st.tool(), Json.asObject(ev.data().get("arguments")), null);
                        if (s.kind() == ToolKind.READ) {
                            for (String p : subject.paths()) {
                                if (s.paths().contains(p)) {
                                    f.readBefore = new Node(n.sessionId, num, ev, st.tool(), n.meta);
                                    f.readPath = p;
                                }
                            }
                        }
                    }
                    if (!values.isEmpty() && (k == EventType.TOOL_RESULT || k == EventType.ERROR)) {
                        String text = Json.write(ev.data());
                        for (String v : values) {
                            if (text.contains(v)) {
                                f.mentioned = new Node(n.sessionId, num, ev, st.tool(), n.meta);
                                f.mentionedValue = v;
                                break;
                            }
                        }
                    }
                }
            });
            return f;
        }

        /** Streams a session through a pass, stopping after event number {@code limit}. */
        private void scan(SessionMeta meta, long limit, SessionListener listener) {
            SessionPass pass = SessionPass.of(meta, 0, prices, listener);
            try (Stream<TraceEvent> events = store.reader(meta.sessionId(), warnings).events()) {
                Iterator<TraceEvent> it = events.iterator();
                while (it.hasNext() && pass.events() < limit) {
                    pass.accept(it.next());
                }
            }
            pass.finish();
        }
    }

    /** Candidate causes found before an event. */
    private static final class Facts {
        Node call;
        Node retried;
        Node readBefore;
        String readPath;
        Node mentioned;
        String mentionedValue;
        Node prompt;
        Node parent;
        Node first;
    }

    private static String signature(String tool, Subject s) {
        String key = s.key();
        return key.isEmpty() ? tool : tool + " " + key;
    }

    /** The values of a call that an earlier result may have mentioned: its paths (and their names), URL, pattern. */
    private static List<String> values(Subject s) {
        Set<String> v = new LinkedHashSet<>();
        for (String p : s.paths()) {
            v.add(p);
            int slash = p.lastIndexOf('/');
            String name = slash >= 0 ? p.substring(slash + 1) : p;
            if (name.length() >= 4) {
                v.add(name);
            }
        }
        if (s.url() != null) {
            v.add(s.url());
        }
        if (s.command() != null) {
            for (String word : s.command().split("\\s+")) {
                String w = word.replace("\"", "").replace("'", "");
                if (w.length() >= 4 && (w.indexOf('/') >= 0 || w.indexOf('.') > 0) && !w.startsWith("-")) {
                    v.add(w);
                }
            }
        }
        return List.copyOf(v);
    }

    // ---- output ----

    /** One line of text about an event: its type and what it was about. */
    static String describe(Link l) {
        TraceEvent e = l.event();
        Map<String, Object> d = e.data();
        EventType k = e.kind();
        String tool = l.tool() == null ? null : McpToolName.display(l.tool());
        if (k == null) {
            return "";
        }
        return switch (k) {
            case USER_PROMPT -> quote(Json.asString(first(d, "prompt", "text", "content")));
            case ASSISTANT_RESPONSE -> quote(Json.asString(first(d, "text", "content", "message")));
            case TOOL_CALL -> {
                String what = Subject.of(l.tool(), Json.asObject(d.get("arguments")), null).describe();
                yield (tool == null ? "?" : tool) + (what.isEmpty() ? "" : " " + clip(what, TEXT));
            }
            case TOOL_RESULT, ERROR -> {
                Failure f = Failure.of(e);
                String text = f.failed() && f.message() != null ? f.message()
                        : Json.text(first(d, "result", "content_preview", "output", "message"));
                yield (tool == null ? "" : tool + ": ") + clip(text, TEXT);
            }
            case LLM_REQUEST, LLM_RESPONSE -> {
                String model = Json.asString(d.get("model"));
                yield model == null ? "" : model;
            }
            case DECISION -> Json.text(d.getOrDefault("choice", ""));
            case FILE_READ, FILE_WRITE -> Json.text(first(d, "uri", "path", "file_path"));
            default -> "";
        };
    }

    private static Object first(Map<String, Object> d, String... keys) {
        for (String k : keys) {
            if (d.get(k) != null) {
                return d.get(k);
            }
        }
        return "";
    }

    private static String quote(String s) {
        return s == null ? "" : "\"" + clip(s, TEXT) + "\"";
    }

    private static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        return Line.clip(Texts.oneLine(s.length() > max * 4 ? s.substring(0, max * 4) : s), max);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", sessionId);
        Map<String, Object> t = new LinkedHashMap<>();
        Link last = links.get(links.size() - 1);
        t.put("session_id", last.sessionId());
        t.put("event", target);
        t.put("event_id", last.event().eventId());
        m.put("target", t);
        List<Object> chain = new ArrayList<>();
        for (Link l : links) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("session_id", l.sessionId());
            c.put("event", l.number());
            c.put("event_id", l.event().eventId());
            c.put("type", l.event().type());
            c.put("tool", l.tool());
            c.put("text", describe(l));
            c.put("leads_to_next_because", l.reason());
            chain.add(c);
        }
        m.put("chain", chain);
        return m;
    }

    /** The chain as text, root first, each link's reason under it. */
    public String text(Ansi a, int width) {
        StringBuilder sb = new StringBuilder("\n");
        Link last = links.get(links.size() - 1);
        sb.append(new Line().add(Ansi.BOLD, "Why did event #" + last.number() + " happen?")
                .add(Ansi.DIM, "  (session " + last.sessionId() + ")").render(a, width)).append("\n\n");
        String session = links.get(0).sessionId();
        for (Link l : links) {
            Line line = new Line().plain("  ");
            if (!l.sessionId().equals(session)) {
                session = l.sessionId();
                sb.append(new Line().add(Ansi.DIM, "  in subagent session " + session).render(a, width)).append('\n');
            }
            String num = "#" + l.number();
            boolean failed = Failure.of(l.event()).failed();
            line.add(Ansi.GRAY, num + " ".repeat(Math.max(1, 6 - num.length())))
                    .add(failed ? Ansi.RED + Ansi.BOLD : Ansi.BOLD, l.event().type());
            String what = describe(l);
            if (!what.isEmpty()) {
                line.plain(" ".repeat(Math.max(1, 19 - l.event().type().length()))).add(failed ? Ansi.RED : "", what);
            }
            sb.append(line.render(a, width)).append('\n');
            if (l.reason() != null) {
                sb.append(new Line().add(Ansi.CYAN, "   ↓  ").add(Ansi.DIM, l.reason()).render(a, width)).append('\n');
            }
        }
        if (links.size() == 1) {
            sb.append(new Line().add(Ansi.DIM, "  (nothing before it in the session led to it)").render(a, width))
                    .append('\n');
        }
        sb.append('\n');
        return sb.toString();
    }
}
