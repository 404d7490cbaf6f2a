package io.github.agentstrace.analysis;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.session.SessionTree;
import io.github.agentstrace.store.TraceDirRegistry;
import io.github.agentstrace.store.TraceDirs;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which sessions the commands across sessions ({@code list}, {@code search}, {@code clusters}, {@code report})
 * read: the one place their filters are defined.
 *
 * <ul>
 *   <li>Directories: the trace directory, or with {@code --all} also every directory in the registry
 *       ({@link TraceDirRegistry}); each once (by its real path), those that were moved or deleted skipped.</li>
 *   <li>Units: a top-level session with its subagent sessions (one {@link SessionTree} walk), so subagents
 *       count with their parents and the filters judge the parent; with {@code flat}, every session on its
 *       own, judged by itself.</li>
 *   <li>{@code since}/{@code until}: the session's start ({@code started_at}) in [since, until).</li>
 *   <li>{@code agent}: the session's agent name, ignoring case, or its part before a {@code /}
 *       ({@code claude-code} also selects {@code claude-code/Explore}).</li>
 *   <li>{@code project}: the directory a trace directory belongs to (the parent of an {@code .agent-traces},
 *       else the trace directory itself) is it or lies below it; implies {@code all}.</li>
 * </ul>
 *
 * Units come newest first, across directories.
 */
public final class Selection {
    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,9})([mhdw])");

    /**
     * The filters.
     *
     * @param all     read every registered trace directory, not only the current one
     * @param since   earliest start, epoch seconds (inclusive); NaN for none
     * @param until   latest start, epoch seconds (exclusive); NaN for none
     * @param agent   agent name, or null
     * @param project project directory (absolute), or null
     * @param flat    every session on its own instead of subagents with their parents
     */
    public record Filter(boolean all, double since, double until, String agent, Path project, boolean flat) {
        /** No filter: the current trace directory, subagents with their parents. */
        public static final Filter NONE = new Filter(false, Double.NaN, Double.NaN, null, null, false);

        /** Whether several directories may be read. */
        public boolean acrossDirectories() {
            return all || project != null;
        }
    }

    /**
     * A trace directory.
     *
     * @param path    the directory
     * @param store   its store
     * @param project the project it belongs to: the parent of an {@code .agent-traces}, else itself
     */
    public record Dir(Path path, TraceStore store, Path project) {
        /** The project for people: the path with the home directory as {@code ~}. */
        public String projectLabel(Path home) {
            return label(project, home);
        }

        /** {@code dir} as a project is shown: under {@code home} as {@code ~/...}. */
        public static String label(Path dir, Path home) {
            if (home != null && dir.startsWith(home) && !dir.equals(home)) {
                return "~/" + home.relativize(dir);
            }
            return dir.toString();
        }
    }

    /**
     * One selected unit.
     *
     * @param dir  where it was found
     * @param node the session, with its subagents below it (none when flat)
     */
    public record Item(Dir dir, SessionTree.Node node) {
        public SessionMeta meta() {
            return node.meta();
        }

        public String id() {
            return node.meta().sessionId();
        }
    }

    private final Filter filter;
    private final Path current;
    private final TraceDirRegistry registry;
    private final Consumer<String> warnings;

    /**
     * @param filter   the filters
     * @param current  the trace directory commands read by default (absolute)
     * @param registry the registry of trace directories, for {@code --all}
     * @param warnings where unreadable sessions are reported
     */
    public Selection(Filter filter, Path current, TraceDirRegistry registry, Consumer<String> warnings) {
        this.filter = filter;
        this.current = current;
        this.registry = registry;
        this.warnings = warnings;
    }

    public Filter filter() {
        return filter;
    }

    /**
     * The trace directories to read: the current one, and with {@code all} the registered ones after it;
     * each once, by real path; registered ones that no longer exist are skipped; with {@code project}, only
     * the directories of that project.
     */
    public List<Dir> dirs() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(current);
        if (filter.acrossDirectories()) {
            candidates.addAll(registry.dirs());
        }
        Map<Path, Dir> byReal = new LinkedHashMap<>();
        for (Path p : candidates) {
            Path path = p.toAbsolutePath().normalize();
            boolean exists = Files.isDirectory(path);
            if (!exists && filter.acrossDirectories()) {
                continue; // moved or deleted since it was registered
            }
            Path key = path;
            if (exists) {
                try {
                    key = path.toRealPath(); // a link to a directory and the directory are one
                } catch (IOException e) {
                    continue;
                }
            }
            Dir dir = new Dir(path, new TraceStore(path, TraceDirRegistry.NONE), projectOf(path));
            if (filter.project() != null && !inProject(dir)) {
                continue;
            }
            byReal.putIfAbsent(key, dir);
        }
        return List.copyOf(byReal.values());
    }

    /** The selected units of every directory, newest first; {@code trees} gives each directory's sessions. */
    public List<Item> items(List<Dir> dirs, Function<Dir, SessionTree> trees) {
        List<Item> all = new ArrayList<>();
        for (Dir d : dirs) {
            all.addAll(items(d, trees.apply(d)));
        }
        all.sort(Comparator.comparingDouble((Item i) -> i.meta().startedAt()).reversed()
                .thenComparing(Item::id, Comparator.reverseOrder()));
        return all;
    }

    /** The selected units of one directory, newest first. */
    public List<Item> items(Dir dir, SessionTree tree) {
        List<Item> items = new ArrayList<>();
        List<SessionMeta> newestFirst = tree.all();
        if (filter.flat()) {
            for (SessionMeta m : newestFirst) {
                if (matches(m)) {
                    items.add(new Item(dir, tree.single(m.sessionId())));
                }
            }
            return items;
        }
        Set<String> covered = new HashSet<>();
        // Top-level sessions first; then what no top-level session reaches (a cycle of parent links), once.
        for (boolean tops : new boolean[] {true, false}) {
            for (SessionMeta m : newestFirst) {
                String id = m.sessionId();
                if (covered.contains(id) || (tops && !tree.top(id).equals(id))) {
                    continue;
                }
                SessionTree.Node node = tree.walk(id);
                for (SessionTree.Node n : node.flatten()) {
                    covered.add(n.meta().sessionId());
                }
                if (matches(m)) {
                    items.add(new Item(dir, node));
                }
            }
        }
        items.sort(Comparator.comparingDouble((Item i) -> i.meta().startedAt()).reversed()
                .thenComparing(Item::id, Comparator.reverseOrder()));
        return items;
    }

    /** Whether a session passes the time and agent filters. */
    public boolean matches(SessionMeta m) {
        if (!Double.isNaN(filter.since()) && m.startedAt() < filter.since()) {
            return false;
        }
        if (!Double.isNaN(filter.until()) && m.startedAt() >= filter.until()) {
            return false;
        }
        if (filter.agent() != null) {
            String agent = m.agentName().toLowerCase(Locale.ROOT);
            String want = filter.agent().toLowerCase(Locale.ROOT);
            int slash = agent.indexOf('/');
            return agent.equals(want) || (slash > 0 && agent.substring(0, slash).equals(want));
        }
        return true;
    }

    private boolean inProject(Dir dir) {
        Path want = filter.project();
        return dir.path().equals(want) || dir.project().startsWith(want);
    }

    /** The project a trace directory belongs to: the parent of an {@code .agent-traces}, else the directory. */
    static Path projectOf(Path traceDir) {
        Path name = traceDir.getFileName();
        Path parent = traceDir.getParent();
        return name != null && parent != null && name.toString().equals(TraceDirs.DEFAULT) ? parent : traceDir;
    }

    /**
     * A point in time as {@code --since}/{@code --until} take it: {@code 30m}, {@code 12h}, {@code 7d},
     * {@code 2w} before {@code now}; a UTC date {@code 2026-11-01} (its start, or with {@code end} the start
     * of the next day, so that {@code --until} includes the day); a UTC date and time
     * {@code 2026-11-01T14:30[:00]}, or one with an offset ({@code Z}, {@code +02:00}). Epoch seconds.
     *
     * @throws IllegalArgumentException naming what was wrong
     */
    public static double parseTime(String text, Instant now, boolean end) {
        String t = text.trim();
        Matcher rel = RELATIVE.matcher(t);
        if (rel.matches()) {
            long n = Long.parseLong(rel.group(1));
            long unit = switch (rel.group(2)) {
                case "m" -> 60L;
                case "h" -> 3600L;
                case "d" -> 86_400L;
                default -> 7 * 86_400L;
            };
            return Clock.epochSeconds(now) - (double) n * unit;
        }
        try {
            if (t.length() == 10) {
                LocalDate d = LocalDate.parse(t);
                return (end ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            }
            if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return Clock.epochSeconds(OffsetDateTime.parse(t).toInstant());
            }
            return Clock.epochSeconds(LocalDateTime.parse(t).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time (use 30m, 12h, 7d, 2w, a date such as"
                    + " 2026-11-01, or 2026-11-01T14:30)");
        }
    }
}
