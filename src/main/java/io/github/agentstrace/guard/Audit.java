package io.github.agentstrace.guard;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.session.Call;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.Step;
import io.github.agentstrace.session.Summary;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import io.github.agentstrace.term.Plural;
import io.github.agentstrace.term.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code audit}: every recorded tool call of some sessions checked against a policy. A call that breaks a
 * rule is a violation (marked "blocked" when the policy denied it at the call, so the session recorded its
 * denial); a sensitive file the policy does not deny is a flag. Calls are judged as the session model reads
 * them (one {@link io.github.agentstrace.session.Subject} per call), paths relative to the directory the
 * session worked in. Rendered as text, JSON, or SARIF ({@link Sarif}).
 */
public final class Audit {
    /**
     * One finding of one call.
     *
     * @param sessionId the session
     * @param event     the call's event number in its session (as {@code replay --numbers} shows)
     * @param tool      the call's tool
     * @param subject   what the call was about, in one line
     * @param root      the directory the session worked in (what relative paths start from), or null
     * @param finding   what the policy says
     * @param blocked   the policy denied the call when it was made (the session recorded the denial)
     */
    public record Entry(String sessionId, long event, String tool, String subject, String root, Finding finding,
                        boolean blocked) {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("session_id", sessionId);
            m.put("event", event);
            m.put("tool", tool);
            m.put("subject", subject);
            m.putAll(finding.toJson());
            m.remove("blocking");
            m.put("blocked", blocked);
            return m;
        }
    }

    /** One session's counts. */
    public record SessionCounts(String sessionId, long calls, long violations, long blocked, long flags) {
    }

    private final Policy policy;
    private final List<SessionCounts> sessions;
    private final List<Entry> violations;
    private final List<Entry> flags;

    private Audit(Policy policy, List<SessionCounts> sessions, List<Entry> violations, List<Entry> flags) {
        this.policy = policy;
        this.sessions = List.copyOf(sessions);
        this.violations = List.copyOf(violations);
        this.flags = List.copyOf(flags);
    }

    public Policy policy() {
        return policy;
    }

    public List<SessionCounts> sessions() {
        return sessions;
    }

    /** Calls that broke a rule, by session then event. */
    public List<Entry> violations() {
        return violations;
    }

    /** Sensitive files touched that the policy does not deny, by session then event. */
    public List<Entry> flags() {
        return flags;
    }

    public long callsChecked() {
        return sessions.stream().mapToLong(SessionCounts::calls).sum();
    }

    /**
     * Audits sessions as the session model reads them: give {@link #listener} to the reading of each session
     * (subagents included), then {@link #finish}.
     */
    public static final class Collector implements SessionListener {
        private final Policy policy;
        private final String fallbackRoot;
        private final String home;
        private final List<SessionCounts> sessions = new ArrayList<>();
        private final List<Entry> entries = new ArrayList<>();
        private final Map<String, Integer> order = new LinkedHashMap<>();
        private final List<Session> open = new ArrayList<>();

        /** One session being read (subagents are read inside their parent's reading). */
        private static final class Session {
            final String id;
            String root;
            PolicyCheck check;
            boolean sawStart;
            long calls;
            long violations;
            long blocked;
            long flags;

            Session(String id, String root) {
                this.id = id;
                this.root = root;
            }
        }

        /**
         * @param fallbackRoot where relative paths start when a session does not say where it worked
         * @param home         the home directory ({@code ~/} in patterns and commands), or null
         */
        public Collector(Policy policy, String fallbackRoot, String home) {
            this.policy = policy;
            this.fallbackRoot = fallbackRoot;
            this.home = home;
        }

        public SessionListener listener() {
            return this;
        }

        @Override
        public void begin(SessionMeta meta, int depth) {
            String root = Json.asString(meta.attribution().get("working_dir"));
            open.add(new Session(meta.sessionId(), root == null || root.isEmpty() ? fallbackRoot : root));
            order.putIfAbsent(meta.sessionId(), order.size());
        }

        @Override
        public void step(Step step) {
            Session s = open.get(open.size() - 1);
            TraceEvent e = step.event();
            if (e.kind() == EventType.SESSION_START && !s.sawStart) {
                s.sawStart = true;
                String cwd = Json.asString(e.data().get("cwd"));
                if (cwd != null && !cwd.isEmpty() && s.check == null) {
                    s.root = cwd;
                }
            }
            Call call = step.call();
            if (call == null || call.number() == 0) {
                return; // an answer whose call was never recorded: nothing says what it did
            }
            boolean isCall = e.kind() == EventType.TOOL_CALL;
            TraceEvent callEvent = isCall ? e : step.partner();
            TraceEvent answer = isCall ? step.partner() : e;
            if (callEvent == null) {
                return;
            }
            if (s.check == null) {
                s.check = PolicyCheck.of(policy, s.root, home);
            }
            s.calls++;
            List<Finding> findings = s.check.check(call.tool(), call.subject(),
                    Json.asObject(callEvent.data().get("arguments")));
            boolean blocked = answer != null && "policy".equals(answer.data().get("denied_by"));
            for (Finding f : findings) {
                entries.add(new Entry(s.id, call.number(), call.tool(), call.subject().describe(), s.root, f,
                        blocked && f.blocking()));
                if (f.blocking()) {
                    s.violations++;
                    if (blocked) {
                        s.blocked++;
                    }
                } else {
                    s.flags++;
                }
            }
        }

        @Override
        public void end(SessionMeta meta, Summary summary) {
            Session s = open.remove(open.size() - 1);
            sessions.add(new SessionCounts(s.id, s.calls, s.violations, s.blocked, s.flags));
        }

        /** The audit of every session read. */
        public Audit finish() {
            List<Entry> sorted = new ArrayList<>(entries);
            sorted.sort(Comparator.comparingInt((Entry x) -> order.get(x.sessionId())).thenComparingLong(Entry::event));
            List<SessionCounts> bySession = new ArrayList<>(sessions);
            bySession.sort(Comparator.comparingInt(c -> order.get(c.sessionId())));
            List<Entry> v = new ArrayList<>();
            List<Entry> f = new ArrayList<>();
            for (Entry x : sorted) {
                (x.finding().blocking() ? v : f).add(x);
            }
            return new Audit(policy, bySession, v, f);
        }
    }

    // ---- rendering -------------------------------------------------------------------------------------

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("file", policy.source().isEmpty() ? null : policy.source());
        p.put("rules", policy.hasRules());
        p.put("warnings", new ArrayList<Object>(policy.warnings()));
        m.put("policy", p);
        m.put("calls_checked", callsChecked());
        List<Object> s = new ArrayList<>();
        for (SessionCounts c : sessions) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("session_id", c.sessionId());
            x.put("calls", c.calls());
            x.put("violations", c.violations());
            x.put("blocked", c.blocked());
            x.put("sensitive", c.flags());
            s.add(x);
        }
        m.put("sessions", s);
        m.put("violations", entries(violations));
        m.put("sensitive", entries(flags));
        return m;
    }

    private static List<Object> entries(List<Entry> list) {
        List<Object> out = new ArrayList<>(list.size());
        for (Entry e : list) {
            out.add(e.toJson());
        }
        return out;
    }

    /** The report for people, fitted to {@code width} columns (0: no limit). */
    public String text(Ansi ansi, int width) {
        StringBuilder sb = new StringBuilder();
        long blocked = violations.stream().filter(Entry::blocked).count();
        String against = policy.source().isEmpty()
                ? "(no policy file, " + PolicyFile.DEFAULT + " or " + PolicyFile.ORIGINAL + ": only sensitive files are flagged)"
                : "against " + policy.source();
        sb.append(new Line().add(Ansi.BOLD, "Audit").plain(": " + Plural.count(sessions.size(), "session") + ", "
                + Plural.count(callsChecked(), "call") + " checked " + against).render(ansi, width)).append('\n');
        String v = violations.isEmpty() ? "no violations" : Plural.count(violations.size(), "violation")
                + (blocked > 0 ? " (" + blocked + " blocked at the call)" : "");
        String style = violations.isEmpty() ? Ansi.GREEN : Ansi.RED;
        sb.append(new Line().plain("  ").add(style, v).plain(", " + Plural.count(flags.size(), "sensitive file access",
                "sensitive file accesses")).render(ansi, width)).append('\n');
        boolean several = sessions.size() > 1;
        if (!violations.isEmpty()) {
            sb.append('\n').append(new Line().add(Ansi.BOLD, "Violations").render(ansi, width)).append('\n');
            sb.append(table(violations, several, ansi, width));
        }
        if (!flags.isEmpty()) {
            sb.append('\n').append(new Line().add(Ansi.BOLD, "Sensitive files").add(Ansi.DIM,
                    " (flagged; the policy does not deny them)").render(ansi, width)).append('\n');
            sb.append(table(flags, several, ansi, width));
        }
        return sb.toString();
    }

    private static String table(List<Entry> entries, boolean several, Ansi ansi, int width) {
        Table t = new Table();
        if (several) {
            t.left("Session");
        }
        t.right("Event").left("Rule").left("Tool").left("What", 24);
        for (Entry e : entries) {
            List<Table.Cell> row = new ArrayList<>();
            if (several) {
                row.add(new Table.Cell(e.sessionId(), Ansi.DIM));
            }
            row.add(new Table.Cell("#" + e.event(), ""));
            row.add(new Table.Cell(e.finding().rule().id(), e.finding().blocking() ? Ansi.RED : Ansi.YELLOW));
            row.add(new Table.Cell(e.tool(), ""));
            row.add(new Table.Cell(e.finding().message() + (e.blocked() ? "  [blocked]" : ""), ""));
            t.row(row, "");
        }
        return t.render(ansi, width, "  ");
    }
}
