package io.github.agentstrace.analysis;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.session.Call;
import io.github.agentstrace.session.Outcome;
import io.github.agentstrace.session.Phase;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.session.Step;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import io.github.agentstrace.term.Paragraph;
import io.github.agentstrace.term.Plural;
import io.github.agentstrace.term.Units;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code clusters}: sessions (or prompt phases) grouped by their {@link ExecutionSignature}, so that many
 * failures read as a few patterns. Identical signatures form a cluster; with {@code fuzzy} K &gt; 0 a
 * signature also joins a cluster whose first signature is within K token edits (each signature, most common
 * first, joins the first such cluster, else starts one; clusters do not chain through their members).
 *
 * <p>Per cluster: its members, how many failed (a session failed when its last phase did: it had failures and
 * did not get past them; a phase likewise), the median duration, tokens and cost (of the members with their
 * subagents), a sample (the newest failing member, else the newest), the longest common prefix of the failing
 * members' signatures, and the calls that failed most. Clusters are sorted by failures, then size.
 */
public final class Clusters {
    /** Failed calls listed per cluster. */
    static final int FAILS_SHOWN = 3;
    /** Lines a signature may take in text before it is cut. */
    private static final int SIGNATURE_LINES = 3;

    /**
     * One thing clustered: a session (with its subagents), or a prompt phase of one.
     *
     * @param id          the session id, or {@code id#N} for its N-th phase
     * @param signature   what it did
     * @param failed      whether it ended in failure
     * @param durationMs  how long it took
     * @param tokens      tokens (with its subagents')
     * @param costUsd     dollars (with its subagents')
     * @param failedCalls the names of its calls that failed
     */
    public record Item(String id, ExecutionSignature signature, boolean failed, double durationMs, long tokens,
                       double costUsd, List<String> failedCalls) {
    }

    /**
     * A group of items.
     *
     * @param signature      its first (most common) signature
     * @param signatures     distinct signatures in it
     * @param members        its items, in the order they were given (newest first)
     * @param failed         members that failed
     * @param medianMs       their median duration
     * @param tokens         their tokens
     * @param costUsd        their cost
     * @param sample         a member to look at: the first failing one, else the first
     * @param failingPrefix  the longest common prefix of the failing members' signatures
     * @param failsMost      the calls that failed most, with their failure counts
     */
    public record Cluster(ExecutionSignature signature, int signatures, List<Item> members, int failed,
                          double medianMs, long tokens, double costUsd, String sample, List<String> failingPrefix,
                          Map<String, Long> failsMost) {
        public double failureRate() {
            return members.isEmpty() ? 0 : (double) failed / members.size();
        }
    }

    /** Collects the calls of the sessions it listens to, for {@link #items}. */
    public static final class Collector implements SessionListener {
        private final List<Call> calls = new ArrayList<>();

        @Override
        public void step(Step step) {
            Call c = step.call();
            if (c != null && c.number() > 0) { // an answer whose call was never recorded made no call
                calls.add(c);
            }
        }

        /**
         * The items of a session read with its phases: the session itself, or each of its phases; only the
         * session's own calls count (a subagent's work is the call that started it).
         */
        public List<Item> items(SessionView view, boolean byPhase) {
            List<Call> own = new ArrayList<>();
            for (Call c : calls) {
                if (c.sessionId().equals(view.id())) {
                    own.add(c);
                }
            }
            own.sort(Comparator.comparingLong(Call::number));
            calls.clear();
            List<Item> items = new ArrayList<>();
            if (!byPhase) {
                List<Phase> phases = view.phases();
                boolean failed = !phases.isEmpty() && phases.get(phases.size() - 1).failed();
                items.add(item(view.id(), own, failed, view.tree().timing().spanMs(), view.tree().tokens(),
                        view.tree().costUsd()));
                return items;
            }
            for (Phase p : view.phases()) {
                List<Call> in = new ArrayList<>();
                for (Call c : own) {
                    if (c.phase() == p.index()) {
                        in.add(c);
                    }
                }
                items.add(item(view.id() + "#" + (p.index() + 1), in, p.failed(), p.durationMs(),
                        p.tokensWithSubagents(), p.costWithSubagents()));
            }
            return items;
        }

        private static Item item(String id, List<Call> calls, boolean failed, double ms, long tokens, double cost) {
            List<String> names = new ArrayList<>(calls.size());
            List<String> failedCalls = new ArrayList<>();
            for (Call c : calls) {
                String name = ExecutionSignature.name(c);
                names.add(name);
                if (c.outcome() == Outcome.FAILED) {
                    failedCalls.add(name);
                }
            }
            return new Item(id, ExecutionSignature.of(names), failed, ms, tokens, cost, failedCalls);
        }
    }

    private final boolean byPhase;
    private final int fuzzy;
    private final int total;
    private final List<Cluster> clusters;

    private Clusters(boolean byPhase, int fuzzy, int total, List<Cluster> clusters) {
        this.byPhase = byPhase;
        this.fuzzy = fuzzy;
        this.total = total;
        this.clusters = clusters;
    }

    /**
     * Clusters items given newest first.
     *
     * @param byPhase whether the items are phases
     * @param fuzzy   the edit distance within which signatures are merged (0: identical only)
     */
    public static Clusters of(List<Item> items, boolean byPhase, int fuzzy) {
        Map<ExecutionSignature, List<Item>> bySignature = new LinkedHashMap<>();
        for (Item i : items) {
            bySignature.computeIfAbsent(i.signature(), k -> new ArrayList<>()).add(i);
        }
        List<List<Item>> groups = new ArrayList<>(bySignature.values());
        // Most common first: they become the clusters' first signatures when merging.
        groups.sort(Comparator.comparingInt((List<Item> g) -> -g.size())
                .thenComparingLong(g -> -failures(g))
                .thenComparing(g -> g.get(0).signature().text()));
        List<ExecutionSignature> heads = new ArrayList<>();
        List<List<List<Item>>> merged = new ArrayList<>();
        for (List<Item> g : groups) {
            ExecutionSignature s = g.get(0).signature();
            int into = -1;
            if (fuzzy > 0) {
                for (int c = 0; c < heads.size(); c++) {
                    if (heads.get(c).distance(s, fuzzy) <= fuzzy) {
                        into = c;
                        break;
                    }
                }
            }
            if (into < 0) {
                heads.add(s);
                merged.add(new ArrayList<>());
                into = heads.size() - 1;
            }
            merged.get(into).add(g);
        }
        List<Cluster> clusters = new ArrayList<>();
        for (int c = 0; c < heads.size(); c++) {
            clusters.add(cluster(heads.get(c), merged.get(c), items));
        }
        clusters.sort(Comparator.comparingInt((Cluster c) -> -c.failed())
                .thenComparingInt(c -> -c.members().size())
                .thenComparing(c -> c.signature().text()));
        return new Clusters(byPhase, fuzzy, items.size(), List.copyOf(clusters));
    }

    private static long failures(List<Item> g) {
        return g.stream().filter(Item::failed).count();
    }

    private static Cluster cluster(ExecutionSignature head, List<List<Item>> groups, List<Item> order) {
        java.util.Set<Item> in = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        groups.forEach(in::addAll);
        List<Item> members = new ArrayList<>();
        for (Item i : order) {
            if (in.contains(i)) {
                members.add(i); // newest first, as given
            }
        }
        int failed = 0;
        long tokens = 0;
        double cost = 0;
        double[] durations = new double[members.size()];
        List<ExecutionSignature> failing = new ArrayList<>();
        Map<String, Long> fails = new LinkedHashMap<>();
        String sample = null;
        for (int k = 0; k < members.size(); k++) {
            Item i = members.get(k);
            durations[k] = i.durationMs();
            tokens += i.tokens();
            cost += i.costUsd();
            if (i.failed()) {
                failed++;
                failing.add(i.signature());
                if (sample == null) {
                    sample = i.id();
                }
            }
            for (String f : i.failedCalls()) {
                fails.merge(f, 1L, Long::sum);
            }
        }
        if (sample == null) {
            sample = members.get(0).id();
        }
        Arrays.sort(durations);
        int n = durations.length;
        double median = n == 0 ? Double.NaN
                : n % 2 == 1 ? durations[n / 2] : (durations[n / 2 - 1] + durations[n / 2]) / 2;
        Map<String, Long> most = new LinkedHashMap<>();
        fails.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(FAILS_SHOWN)
                .forEach(e -> most.put(e.getKey(), e.getValue()));
        return new Cluster(head, groups.size(), List.copyOf(members), failed, median, tokens, cost, sample,
                failing.isEmpty() ? List.of() : ExecutionSignature.commonPrefix(failing), most);
    }

    public List<Cluster> clusters() {
        return clusters;
    }

    private String noun() {
        return byPhase ? "phase" : "session";
    }

    /** The report as one JSON object (for {@code --json}); at most {@code limit} clusters (0: all). */
    public Map<String, Object> toJson(int limit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("by", noun());
        m.put("fuzzy", fuzzy);
        m.put("items", total);
        m.put("clusters_total", clusters.size());
        List<Object> list = new ArrayList<>();
        for (Cluster c : shown(limit)) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("signature", c.signature().tokens());
            j.put("signatures", c.signatures());
            j.put("count", c.members().size());
            j.put("failed", c.failed());
            j.put("failure_rate", Math.round(c.failureRate() * 1000) / 1000.0);
            j.put("median_duration_ms", Double.isNaN(c.medianMs()) ? null : Math.round(c.medianMs() * 1000) / 1000.0);
            j.put("tokens", c.tokens());
            j.put("cost_usd", PriceTable.roundUsd(c.costUsd()));
            j.put("sample", c.sample());
            j.put("failing_prefix", c.failingPrefix());
            List<Object> fails = new ArrayList<>();
            c.failsMost().forEach((call, count) -> {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("call", call);
                f.put("failures", count);
                fails.add(f);
            });
            j.put("fails_most", fails);
            List<Object> members = new ArrayList<>();
            c.members().forEach(i -> members.add(i.id()));
            j.put("members", members);
            list.add(j);
        }
        m.put("clusters", list);
        return m;
    }

    private List<Cluster> shown(int limit) {
        return limit > 0 && limit < clusters.size() ? clusters.subList(0, limit) : clusters;
    }

    /** The report for people, fitted to {@code width} (0: no limit); at most {@code limit} clusters (0: all). */
    public String text(Ansi a, int width, int limit) {
        StringBuilder sb = new StringBuilder("\n");
        String how = fuzzy == 0 ? "identical signatures" : "signatures within " + Plural.count(fuzzy, "edit");
        sb.append(new Line().add(Ansi.BOLD, "Clusters of " + Plural.count(total, noun()))
                .add(Ansi.DIM, "  (" + how + ")").render(a, width)).append('\n');
        if (clusters.isEmpty()) {
            sb.append(new Line().plain("  No " + noun() + "s to cluster.").render(a, width)).append("\n\n");
            return sb.toString();
        }
        int number = 0;
        for (Cluster c : shown(limit)) {
            number++;
            sb.append('\n');
            Line head = new Line().plain("  ").add(Ansi.BOLD, "#" + number).plain("  ")
                    .plain(Plural.count(c.members().size(), noun()));
            if (c.failed() > 0) {
                head.plain("  ").add(Ansi.RED, c.failed() + " failed (" + Math.round(100 * c.failureRate()) + "%)");
            } else {
                head.plain("  ").add(Ansi.GREEN, "none failed");
            }
            sb.append(head.render(a, width)).append('\n');
            signature(sb, a, width, "", c.signature().text()
                    + (c.signatures() > 1 ? "  (+" + Plural.count(c.signatures() - 1, "similar signature") + ")" : ""));
            sb.append(new Line().plain("      ").add(Ansi.DIM, "median " + Units.duration(c.medianMs()) + "  ·  "
                    + Plural.count(c.tokens(), "token") + "  ·  " + Units.usd(c.costUsd())).render(a, width)).append('\n');
            if (c.failed() > 0) {
                signature(sb, a, width, "failing prefix  ", c.failingPrefix().isEmpty() ? "(none in common)"
                        : String.join(ExecutionSignature.ARROW, c.failingPrefix()));
            }
            if (!c.failsMost().isEmpty()) {
                List<String> fails = new ArrayList<>();
                c.failsMost().forEach((call, n) -> fails.add(call + " " + ExecutionSignature.TIMES + n));
                signature(sb, a, width, "fails most      ", String.join(", ", fails));
            }
            sb.append(new Line().plain("      ").add(Ansi.DIM, "sample          ").add(Ansi.CYAN, c.sample())
                    .render(a, width)).append('\n');
        }
        if (limit > 0 && limit < clusters.size()) {
            sb.append('\n').append(new Line().add(Ansi.DIM, "  (" + Plural.count(clusters.size() - limit, "more cluster")
                    + "; --limit shows more)").render(a, width)).append('\n');
        }
        sb.append('\n');
        return sb.toString();
    }

    /** A labelled value indented under a cluster's head, wrapped to the width and cut after a few lines. */
    private static void signature(StringBuilder sb, Ansi a, int width, String label, String text) {
        String indent = "      " + label;
        int room = width > 0 ? Math.max(20, width - indent.length()) : 0;
        List<String> lines = Paragraph.lines(text, room);
        for (int i = 0; i < lines.size() && i < SIGNATURE_LINES; i++) {
            String l = lines.get(i);
            if (i == SIGNATURE_LINES - 1 && lines.size() > SIGNATURE_LINES) {
                l = Line.cut(l, Math.max(1, (room > 0 ? room : l.length() + 1) - 1)) + "…";
            }
            Line line = new Line().plain(i == 0 ? "      " : " ".repeat(indent.length()));
            if (i == 0 && !label.isEmpty()) {
                line.add(Ansi.DIM, label);
            }
            sb.append(line.plain(l).render(a, width)).append('\n');
        }
    }
}
