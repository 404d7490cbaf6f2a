package io.github.agentstrace.analysis;

import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.model.Usage;
import io.github.agentstrace.provenance.GitFacts;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.session.SizeEstimate;
import io.github.agentstrace.session.Summary;
import io.github.agentstrace.term.Ansi;
import io.github.agentstrace.term.Line;
import io.github.agentstrace.term.Paragraph;
import io.github.agentstrace.term.Plural;
import io.github.agentstrace.term.Table;
import io.github.agentstrace.term.Units;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code report}: usage tables over many sessions, in the manner of ccusage: per day, ISO week or month (of
 * the session's start, UTC), per session, model, project or agent, with sessions, prompts, tool calls,
 * errors, LLM turns, tokens (input, output, cache read, cache write) and cost, and a total row.
 *
 * <p>Every figure is the session model's ({@link Summary}, of a session with its subagents unless the
 * selection is flat), so a session's row agrees with {@code stats} and {@code cost}. A session whose tree
 * recorded no token usage gets {@code cost}'s estimate ({@link CostReport#estimate}), kept apart in its own
 * column and never added to the real figures; turns whose model the price table does not know are counted
 * but not priced, and their rows say so. Per model, prompts, calls and errors belong to no model and are
 * left blank; an estimate goes to the row of the model it was priced as.
 */
public final class UsageReport {
    /** What the rows are. */
    public enum By {
        DAY("day", "Date", 10), WEEK("week", "Week", 8), MONTH("month", "Month", 7),
        SESSION("session", "Session", 17), MODEL("model", "Model", 18), PROJECT("project", "Project", 14),
        BRANCH("branch", "Branch", 14), AGENT("agent", "Agent", 14);

        private final String word;
        private final String header;
        /** The least width of the row labels before optional columns are dropped (a session id, a model...). */
        private final int labelWidth;

        By(String word, String header, int labelWidth) {
            this.word = word;
            this.header = header;
            this.labelWidth = labelWidth;
        }

        public String word() {
            return word;
        }

        /** The choice of {@code --by}, or null. */
        public static By of(String word) {
            for (By b : values()) {
                if (b.word.equals(word)) {
                    return b;
                }
            }
            return null;
        }

        boolean byTime() {
            return this == DAY || this == WEEK || this == MONTH;
        }
    }

    /**
     * One session (with its subagents, unless flat) as the report counts it.
     *
     * @param id        the session
     * @param startedAt its start, epoch seconds
     * @param project   its project, as shown: its git work tree when it recorded one, else its trace directory's
     * @param branch    its git branch at the end (start when it has not ended); {@code (no git)} or
     *                  {@code (detached)} otherwise
     * @param agent     its agent name
     * @param summary   its facts
     * @param cost      its cost report (for the estimate when it recorded no usage)
     */
    public record Entry(String id, double startedAt, String project, String branch, String agent, Summary summary,
                        CostReport cost) {

        /**
         * A selected session read as the report counts it (the one reading of {@code report} and the dashboard).
         *
         * @param flat          without its subagents
         * @param estimateModel the model a session without usage is estimated as
         * @param home          the user's home, to shorten project paths (null: not shortened)
         */
        public static Entry of(Selection.Item item, Reading reading, boolean flat, String estimateModel, Path home) {
            SizeEstimate size = new SizeEstimate();
            SessionView view = reading.read(item.id(), !flat, false, size);
            GitFacts git = view.provenance() == null ? null : view.provenance().latest();
            String project = git != null ? Selection.Dir.label(Path.of(git.root()), home) : item.dir().projectLabel(home);
            String branch = git == null ? "(no git)" : git.branch() != null ? git.branch() : "(detached)";
            return new Entry(item.id(), item.meta().startedAt(), project, branch, item.meta().agentName(), view.tree(),
                    CostReport.of(view, reading.prices(), size, estimateModel));
        }
    }

    /** The figures of one row. */
    private static final class Row {
        final String key;
        final double order;
        long sessions;
        long prompts;
        long calls;
        long errors;
        long turns;
        Usage usage = Usage.ZERO;
        double cost;
        boolean priced = true;
        final Set<String> unpricedModels = new LinkedHashSet<>();
        long estimated;
        Usage estimateUsage = Usage.ZERO;
        double estimateCost;
        final Map<String, Row> models = new LinkedHashMap<>();

        Row(String key, double order) {
            this.key = key;
            this.order = order;
        }

        /** A whole session's facts. */
        void add(Entry e, boolean withModels) {
            Summary s = e.summary();
            sessions++;
            prompts += s.prompts();
            calls += s.toolCalls();
            errors += s.errors();
            turns += s.turns();
            usage = usage.plus(s.usage());
            cost += s.costUsd();
            if (s.unpricedTurns() > 0) {
                priced = false;
                unpricedModels.addAll(s.unpricedModels());
            }
            for (Summary.ModelCost m : s.models().values()) {
                if (withModels) {
                    models.computeIfAbsent(m.model(), k -> new Row(k, 0)).addModel(m);
                }
            }
            estimate(e);
        }

        /** One model's part of a session. */
        void addModel(Summary.ModelCost m) {
            turns += m.turns();
            usage = usage.plus(m.usage());
            cost += m.costUsd();
            if (!m.priced()) {
                priced = false;
                unpricedModels.add(m.model());
            }
        }

        void estimate(Entry e) {
            CostReport.Bucket guess = e.cost() == null ? null : e.cost().estimate();
            if (guess != null) {
                estimated++;
                estimateUsage = estimateUsage.plus(guess.usage());
                estimateCost += guess.costUsd();
            }
        }
    }

    private final By by;
    private final boolean breakdown;
    private final String pricesAsOf;
    private final String estimateModel;
    private final List<Row> rows;
    private final Row total;

    private UsageReport(By by, boolean breakdown, String pricesAsOf, String estimateModel, List<Row> rows,
                        Row total) {
        this.by = by;
        this.breakdown = breakdown;
        this.pricesAsOf = pricesAsOf;
        this.estimateModel = estimateModel;
        this.rows = rows;
        this.total = total;
    }

    /**
     * The report of the entries.
     *
     * @param breakdown     per model under each row (not with {@link By#MODEL})
     * @param estimateModel the model estimates were priced as
     */
    public static UsageReport of(List<Entry> entries, By by, boolean breakdown, String pricesAsOf,
                                 String estimateModel) {
        Map<String, Row> rows = new LinkedHashMap<>();
        Row total = new Row("Total", 0);
        for (Entry e : entries) {
            total.add(e, false);
            if (by == By.MODEL) {
                for (Summary.ModelCost m : e.summary().models().values()) {
                    Row r = rows.computeIfAbsent(m.model(), k -> new Row(k, 0));
                    r.sessions++;
                    r.addModel(m);
                }
                if (e.cost() != null && e.cost().estimate() != null) {
                    rows.computeIfAbsent(estimateModel, k -> new Row(k, 0)).estimate(e);
                }
                continue;
            }
            String key = key(by, e);
            rows.computeIfAbsent(key, k -> new Row(k, by == By.SESSION ? e.startedAt() : 0)).add(e, breakdown);
        }
        List<Row> list = new ArrayList<>(rows.values());
        if (by.byTime()) {
            list.sort(Comparator.comparing(r -> r.key)); // ISO dates, weeks and months sort as text
        } else if (by == By.SESSION) {
            list.sort(Comparator.comparingDouble((Row r) -> r.order).thenComparing(r -> r.key));
        } else {
            list.sort(Comparator.comparingDouble((Row r) -> -r.cost).thenComparingLong(r -> -r.usage.total())
                    .thenComparing(r -> r.key));
        }
        return new UsageReport(by, breakdown && by != By.MODEL, pricesAsOf, estimateModel, list, total);
    }

    private static String key(By by, Entry e) {
        ZonedDateTime t = Instant.ofEpochMilli(Math.round(e.startedAt() * 1000)).atZone(ZoneOffset.UTC);
        return switch (by) {
            case DAY -> DateTimeFormatter.ISO_LOCAL_DATE.format(t);
            case WEEK -> String.format(Locale.ROOT, "%d-W%02d", t.get(IsoFields.WEEK_BASED_YEAR),
                    t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> String.format(Locale.ROOT, "%d-%02d", t.getYear(), t.getMonthValue());
            case SESSION -> e.id();
            case PROJECT -> e.project();
            case AGENT -> e.agent().isEmpty() ? "(none)" : e.agent();
            case BRANCH -> e.branch();
            case MODEL -> throw new IllegalArgumentException("per model rows are not keyed by session");
        };
    }

    // ---- JSON ----

    /** The report as one JSON object (for {@code report --json}). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("by", by.word());
        m.put("time_zone", "UTC");
        m.put("currency", "USD");
        m.put("prices_as_of", pricesAsOf);
        m.put("estimate_model", estimateModel);
        List<Object> list = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> j = row(r, by != By.MODEL);
            if (breakdown) {
                List<Object> models = new ArrayList<>();
                r.models.values().forEach(mr -> models.add(row(mr, false)));
                j.put("models", models);
            }
            list.add(j);
        }
        m.put("rows", list);
        m.put("total", row(total, true));
        return m;
    }

    private static Map<String, Object> row(Row r, boolean whole) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("key", r.key);
        if (r.sessions > 0 || whole) {
            j.put("sessions", r.sessions);
        }
        if (whole) {
            j.put("prompts", r.prompts);
            j.put("tool_calls", r.calls);
            j.put("errors", r.errors);
        }
        j.put("llm_turns", r.turns);
        j.put("input_tokens", r.usage.inputTokens());
        j.put("output_tokens", r.usage.outputTokens());
        j.put("cache_read_tokens", r.usage.cacheReadTokens());
        j.put("cache_write_tokens", r.usage.cacheWriteTokens());
        j.put("tokens", r.usage.total());
        j.put("cost_usd", PriceTable.roundUsd(r.cost));
        j.put("fully_priced", r.priced);
        j.put("unpriced_models", new ArrayList<>(r.unpricedModels));
        if (r.estimated > 0) {
            Map<String, Object> est = new LinkedHashMap<>();
            est.put("sessions", r.estimated);
            est.put("tokens", r.estimateUsage.total());
            est.put("cost_usd", PriceTable.roundUsd(r.estimateCost));
            j.put("estimate", est);
        }
        return j;
    }

    // ---- text ----

    /** The table for people, fitted to {@code width} columns (0: no limit). */
    public String text(Ansi a, int width) {
        StringBuilder sb = new StringBuilder("\n");
        String scope = by.byTime() ? " (UTC)" : "";
        sb.append(new Line().add(Ansi.BOLD, "Usage by " + by.word() + scope)
                .add(Ansi.DIM, "  " + Plural.count(total.sessions, "session") + "; USD, prices as of " + pricesAsOf)
                .render(a, width)).append('\n');
        if (rows.isEmpty()) {
            sb.append(new Line().plain("  No sessions to report.").render(a, width)).append("\n\n");
            return sb.toString();
        }
        sb.append('\n');
        boolean estimates = total.estimated > 0;
        boolean whole = by != By.MODEL;
        boolean perSession = by == By.SESSION; // a Sessions column of ones says nothing
        // Model names under each row need the room of a model row before numbers give way.
        Table t = new Table().left(by.header, breakdown ? Math.max(by.labelWidth, By.MODEL.labelWidth + 2) : by.labelWidth);
        if (!perSession) {
            t.right("Sessions");
        }
        t.right("Prompts", 4).right("Calls").right("Errors", 2).right("Turns", 3).right("Input", 5)
                .right("Output", 6).right("Cache write", 8).right("Cache read", 7).right("Tokens").right("Cost");
        if (estimates) {
            t.right("Estimate", 1);
        }
        for (Row r : rows) {
            t.row(cells(r, whole, estimates, r.key, perSession), "");
            if (breakdown) {
                for (Row m : r.models.values()) {
                    List<Table.Cell> cells = cells(m, false, estimates, "  " + m.key, perSession);
                    List<Table.Cell> dim = new ArrayList<>();
                    cells.forEach(c -> dim.add(new Table.Cell(c.text(), Ansi.DIM)));
                    t.row(dim, "");
                }
            }
        }
        t.row(cells(total, true, estimates, "Total", perSession), Ansi.BOLD);
        sb.append(t.render(a, width, "  "));
        List<String> notes = new ArrayList<>();
        if (!total.priced) {
            notes.add("* Some LLM turns have no price: their tokens are counted, their cost is not"
                    + (total.unpricedModels.isEmpty() ? " (usage recorded as a bare total)"
                    : " (models the price table does not know: " + String.join(", ", total.unpricedModels)
                    + "; add them with --prices FILE)") + ".");
        }
        if (estimates) {
            notes.add("~ " + Plural.count(total.estimated, "session") + " recorded no token usage: Estimate is a"
                    + " guess from the size of what they recorded (~" + SizeEstimate.CHARS_PER_TOKEN
                    + " characters per token, often off by 30-50%), priced as " + estimateModel
                    + "; it is not in Tokens or Cost.");
        }
        if (!notes.isEmpty()) {
            sb.append('\n');
            for (String note : notes) {
                for (String l : Paragraph.lines(note, width > 0 ? Math.max(20, width - 2) : 0)) {
                    sb.append("  ").append(a.style(Ansi.DIM, l)).append('\n');
                }
            }
        }
        sb.append('\n');
        return sb.toString();
    }

    private static List<Table.Cell> cells(Row r, boolean whole, boolean estimates, String label, boolean perSession) {
        List<Table.Cell> cells = new ArrayList<>();
        cells.add(new Table.Cell(label, ""));
        if (!perSession) {
            cells.add(new Table.Cell(r.sessions > 0 || whole ? Units.count(r.sessions) : "", ""));
        }
        cells.add(new Table.Cell(whole ? Units.count(r.prompts) : "", ""));
        cells.add(new Table.Cell(whole ? Units.count(r.calls) : "", ""));
        cells.add(new Table.Cell(whole ? Units.count(r.errors) : "", whole && r.errors > 0 ? Ansi.RED : ""));
        cells.add(new Table.Cell(Units.count(r.turns), ""));
        cells.add(new Table.Cell(Units.count(r.usage.inputTokens()), ""));
        cells.add(new Table.Cell(Units.count(r.usage.outputTokens()), ""));
        cells.add(new Table.Cell(Units.count(r.usage.cacheWriteTokens()), ""));
        cells.add(new Table.Cell(Units.count(r.usage.cacheReadTokens()), ""));
        cells.add(new Table.Cell(Units.count(r.usage.total()), ""));
        cells.add(new Table.Cell(Units.usd(r.cost) + (r.priced ? "" : "*"), r.priced ? "" : Ansi.YELLOW));
        if (estimates) {
            cells.add(new Table.Cell(r.estimated > 0 ? "~" + Units.usd(r.estimateCost) : "", Ansi.YELLOW));
        }
        return cells;
    }
}
