package io.github.agentstrace.web;

import io.github.agentstrace.analysis.Selection;
import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.store.TraceDirRegistry;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Trace directories for the web tests: the repository's sample sessions, and sessions written here. */
final class WebFixture {
    /** The sample sessions shipped with the repository. */
    static final Path EXAMPLES = Path.of(".agent-traces.example").toAbsolutePath();
    /** The home the dashboard's report shortens project paths from. */
    static final Path HOME = Path.of(System.getProperty("user.home"));
    /** Where screenshots and sample pages are kept as build artifacts. */
    static final Path ARTIFACTS = Path.of("target", "web").toAbsolutePath();

    private WebFixture() {
    }

    /** The original's fixture sessions (2026-11-23), as the cross-session tests use them (AcrossFixture's alpha). */
    static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures").toAbsolutePath();

    /**
     * A trace directory holding the sample sessions and the original's fixture sessions: two days, several
     * agents, models and tools, as the cross-session commands' tests see them.
     */
    static Path across(Path traces) throws IOException {
        copy(EXAMPLES, traces);
        copy(FIXTURES, traces);
        return traces;
    }

    /** An id both of {@link #twoDirs}' directories hold: alpha's is a sample session, beta's written there. */
    static final String SHARED = "9cc82d8d0a3ce14b";
    /** The agent of beta's {@link #SHARED} session. */
    static final String BETA_AGENT = "beta-agent";

    /**
     * Two trace directories in a registry, as {@code serve --all} reads them.
     *
     * @param dirs      the directories as the selection gives them: alpha (index 0), then beta
     * @param selection every directory of the registry
     */
    record TwoDirs(Path alpha, Path beta, List<Selection.Dir> dirs, Selection selection) {
    }

    /**
     * Under {@code dir}: a registry in {@code dir/config} (an {@code XDG_CONFIG_HOME}) listing alpha (the sample
     * sessions), beta (the original's fixtures, and a session {@link #SHARED} of its own) and one directory
     * that no longer exists.
     */
    static TwoDirs twoDirs(Path dir) throws IOException {
        Path alpha = dir.resolve("alpha").resolve(".agent-traces");
        Path beta = dir.resolve("beta").resolve(".agent-traces");
        copy(EXAMPLES, alpha);
        copy(FIXTURES, beta);
        session(beta, SHARED, BETA_AGENT, List.of(
                event("session_start", 1795477000.0, "b1", SHARED, null, Map.of()),
                event("tool_call", 1795477001.0, "b2", SHARED, null,
                        Map.of("tool_name", "Bash", "arguments", Map.of("command", "echo beta"))),
                event("tool_result", 1795477002.0, "b3", SHARED, "b2", Map.of("tool_name", "Bash", "result", "beta"))));
        TraceDirRegistry registry = TraceDirRegistry.of(Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString()));
        registry.add(alpha);
        registry.add(beta);
        registry.add(dir.resolve("gone").resolve(".agent-traces")); // deleted since: skipped, as list --all skips it
        Selection selection = new Selection(new Selection.Filter(true, Double.NaN, Double.NaN, null, null, false), alpha,
                registry, w -> { });
        return new TwoDirs(alpha, beta, selection.dirs(), selection);
    }

    /** Deletes a directory and everything in it. */
    static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** A copy of a trace directory's sessions. */
    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    static Reading reading(Path traces) {
        return Reading.of(new TraceStore(traces), PriceTable.load(null), w -> { });
    }

    static List<String> exampleIds() throws IOException {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(ids::add);
        }
        return ids;
    }

    /** Writes a session: its meta.json and the given events (JSON objects), one per line. */
    static void session(Path traces, String id, String agent, List<Map<String, Object>> events) throws IOException {
        Path dir = Files.createDirectories(traces.resolve(id));
        SessionMeta meta = SessionMeta.start(id, 1795477000.0, agent, "test");
        Files.writeString(dir.resolve("meta.json"), Json.write(meta.toJson(), Json.Style.PRETTY_ASCII));
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> e : events) {
            sb.append(Json.write(e, Json.Style.COMPACT_ASCII)).append('\n');
        }
        Files.writeString(dir.resolve("events.ndjson"), sb.toString(), StandardCharsets.UTF_8);
    }

    /** One event as it lies on disk. */
    static Map<String, Object> event(String type, double t, String eventId, String sessionId, String parentId,
                                     Map<String, Object> data) {
        Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("event_type", type);
        e.put("timestamp", t);
        e.put("event_id", eventId);
        e.put("session_id", sessionId);
        if (parentId != null) {
            e.put("parent_id", parentId);
        }
        e.put("data", data);
        return e;
    }

    /** The page's data of a written page. */
    static Map<String, Object> dataOf(String html) {
        String open = "<script type=\"application/json\" id=\"" + Html.DATA_ID + "\">";
        int start = html.indexOf(open) + open.length();
        int end = html.indexOf("</script>", start);
        return Json.asObject(Json.parse(html.substring(start, end)));
    }
}
