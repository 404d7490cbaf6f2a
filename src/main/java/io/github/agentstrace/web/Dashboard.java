package io.github.agentstrace.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.agentstrace.analysis.Selection;
import io.github.agentstrace.analysis.UsageReport;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.net.LocalServer;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.store.SessionIds;
import io.github.agentstrace.store.TraceDirRegistry;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code serve}: a read-only dashboard over one or more trace directories on the JDK's HTTP server. Pages: the
 * session list ({@code /}), a session ({@code /s/<id>}, live over Server-Sent Events while it is recorded), search,
 * clusters and report; a JSON API under {@code /api/} (docs/web.md). Every request passes the {@link Guard} first;
 * every response carries the same security headers; nothing is ever written; a session id is validated before it
 * names a path.
 *
 * <p>With several directories ({@code serve --all}) a session is the first directory's that holds its id, or the
 * one {@code ?d=N} names: an index into the served directories, never a path from the client, so that two
 * directories holding the same id are both reachable.
 *
 * <p>The search, clusters and report pages ({@link SearchPage}, {@link ClustersPage}, {@link ReportPage}) are
 * drawn here, on the cross-session analyses of the commands, with their JSON under {@code /api/}.
 */
public final class Dashboard implements AutoCloseable {
    /** How many live pages may be open at once (each holds a thread while it is open). */
    static final int MAX_LIVE = 16;
    /** The most events one request of {@code /api/sessions/<id>/events} returns. */
    static final int MAX_PAGE = 5000;

    /**
     * What to serve and where.
     *
     * @param host      the address to listen on ({@code 127.0.0.1} by default)
     * @param port      the port, 0 for a free one
     * @param dirs      the trace directories, at least one (as {@link Selection#dirs()} gives them)
     * @param selection how the search, clusters and report pages select sessions from them
     * @param readings  a fresh reading of the session model of a directory (it lists the directory when made)
     * @param warnings  where warnings go
     * @param liveGapMs the least time between two readings of a live session (appends in between wait)
     * @param home      the user's home, where the report shortens project paths from ({@code ~/work/app})
     */
    public record Settings(String host, int port, List<Selection.Dir> dirs, Selection selection,
                           Function<TraceStore, Reading> readings, Consumer<String> warnings, long liveGapMs, Path home) {
        public Settings {
            dirs = List.copyOf(dirs);
            if (dirs.isEmpty()) {
                throw new IllegalArgumentException("no trace directory to serve");
            }
        }

        /** One trace directory, read by {@code readings}. */
        public Settings(String host, int port, TraceStore store, Supplier<Reading> readings, Consumer<String> warnings,
                        long liveGapMs, Path home) {
            this(host, port, List.of(new Selection.Dir(store.root().toAbsolutePath(), store, store.root().toAbsolutePath())),
                    new Selection(Selection.Filter.NONE, store.root().toAbsolutePath(), TraceDirRegistry.NONE, warnings),
                    s -> readings.get(), warnings, liveGapMs, home);
        }

        /** Whether several directories are served (rows and links then name theirs). */
        boolean several() {
            return dirs.size() > 1;
        }
    }

    /** A session found in a served directory: {@code dir} is its index in {@link Settings#dirs()}. */
    private record Located(int dir, String id) {
    }

    private final Settings settings;
    private final HttpServer server;
    private final ExecutorService pool;
    private final Guard guard;
    private final Html html = Html.load();
    private final String policy;
    private final List<SessionIndex> indexes = new ArrayList<>();
    private final Semaphore liveSlots = new Semaphore(MAX_LIVE);
    private volatile boolean closing;

    private Dashboard(Settings settings, HttpServer server, ExecutorService pool, Guard guard) {
        this.settings = settings;
        this.server = server;
        this.pool = pool;
        this.guard = guard;
        this.policy = html.policy(true) + "; frame-ancestors 'none'";
        for (int i = 0; i < settings.dirs().size(); i++) {
            Selection.Dir d = settings.dirs().get(i);
            Map<String, Object> where = new LinkedHashMap<>();
            if (settings.several()) { // which directory, as list --all --json names it
                where.put("dir", i);
                where.put("trace_dir", d.path().toString());
                where.put("trace_project", d.projectLabel(settings.home()));
            }
            indexes.add(new SessionIndex(d.store(), () -> settings.readings().apply(d.store()), settings.warnings(), where));
        }
    }

    /** Starts listening. Beyond loopback, every request needs a fresh random token ({@link #url} carries it). */
    public static Dashboard start(Settings settings) throws IOException {
        HttpServer server = LocalServer.bind(settings.host(), settings.port());
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(MAX_LIVE + 8, r -> {
            Thread t = new Thread(r, "agent-strace-serve-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        String token = LocalServer.isLoopback(settings.host()) ? null : Guard.newToken();
        Dashboard d = new Dashboard(settings, server, pool, new Guard(settings.host(), server.getAddress().getPort(), token));
        server.createContext("/", d::handle);
        server.start();
        return d;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** True when requests need the access token (the server listens beyond loopback). */
    public boolean needsToken() {
        return guard.token() != null;
    }

    /** The URL to open: with the token, when one is needed (print it once). */
    public String url() {
        return LocalServer.url(settings.host(), port()) + "/" + (needsToken() ? "?token=" + guard.token() : "");
    }

    @Override
    public void close() {
        closing = true;
        server.stop(0);
        pool.shutdownNow();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            URI uri = x.getRequestURI();
            Guard.Refusal no = guard.check(x.getRequestMethod(), uri, x.getRequestHeaders().get("Host"),
                    x.getRequestHeaders().get("Cookie"));
            headers(x);
            if (no != null) {
                if (no.status() == 405) {
                    x.getResponseHeaders().set("Allow", "GET, HEAD");
                }
                text(x, no.status(), no.message());
                return;
            }
            if (guard.tokenInQuery(uri)) {
                x.getResponseHeaders().add("Set-Cookie", Guard.COOKIE + "=" + guard.token()
                        + "; Path=/; HttpOnly; SameSite=Strict");
            }
            route(x, uri.getRawPath());
        } catch (IOException e) {
            // the client went away: nothing to answer
        } catch (RuntimeException e) {
            settings.warnings().accept("internal error on " + x.getRequestURI().getRawPath() + ": " + e);
            try {
                text(x, 500, "internal error: " + e.getMessage());
            } catch (IOException | RuntimeException ignored) {
                // the response had started: the client sees a cut answer
            }
        }
    }

    private void route(HttpExchange x, String path) throws IOException {
        List<String> parts = segments(path);
        if (parts == null) {
            text(x, 400, "bad path");
            return;
        }
        if (parts.isEmpty()) {
            sessionsPage(x);
        } else if (parts.size() == 1 && parts.get(0).equals("search")) {
            searchPage(x);
        } else if (parts.size() == 1 && parts.get(0).equals("clusters")) {
            clustersPage(x);
        } else if (parts.size() == 1 && parts.get(0).equals("report")) {
            reportPage(x);
        } else if (parts.size() == 2 && parts.get(0).equals("s")) {
            Located f = session(x, parts.get(1));
            if (f != null) {
                sessionPage(x, f);
            }
        } else if (parts.get(0).equals("api")) {
            api(x, parts.subList(1, parts.size()));
        } else {
            text(x, 404, "no such page: " + path);
        }
    }

    private void api(HttpExchange x, List<String> p) throws IOException {
        if (p.size() == 1 && p.get(0).equals("sessions")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trace_dirs", traceDirs());
            m.put("sessions", rows());
            json(x, 200, m);
            return;
        }
        if (p.size() == 1 && p.get(0).equals("search")) {
            SearchPage.Found found = search(x, selected(new Readings()));
            if (found != null && found.error() != null) {
                text(x, 400, found.error());
            } else if (found != null) {
                json(x, 200, found.toJson());
            }
            return;
        }
        if (p.size() == 1 && p.get(0).equals("clusters")) {
            ClustersPage.Result r = clusters(x);
            Integer limit = r == null ? null : limit(x, 0, 0, Integer.MAX_VALUE);
            if (limit != null) {
                json(x, 200, r.clusters().toJson(limit));
            }
            return;
        }
        if (p.size() == 1 && p.get(0).equals("report")) {
            ReportPage.Result r = report(x);
            if (r != null) {
                json(x, 200, r.table());
            }
            return;
        }
        if (p.size() >= 2 && p.get(0).equals("sessions")) {
            Located f = session(x, p.get(1));
            if (f == null) {
                return;
            }
            if (p.size() == 2) {
                json(x, 200, PageData.of(reading(f), f.id()));
                return;
            }
            if (p.size() == 3 && p.get(2).equals("events")) {
                events(x, f);
                return;
            }
            if (p.size() == 3 && p.get(2).equals("live")) {
                live(x, f);
                return;
            }
        }
        text(x, 404, "no such endpoint: " + x.getRequestURI().getRawPath() + " (see docs/web.md)");
    }

    /**
     * The session of a valid id in the directory {@code ?d=} names, else in the first served directory that
     * holds it; when there is none, the answer is sent and null returned.
     */
    private Located session(HttpExchange x, String id) throws IOException {
        if (!SessionIds.isValid(id)) {
            text(x, 400, "not a session id: " + id);
            return null;
        }
        int n = settings.dirs().size();
        String given = query(x.getRequestURI()).get("d");
        if (given != null) {
            int d;
            try {
                d = Integer.parseInt(given);
            } catch (NumberFormatException e) {
                d = -1;
            }
            if (d < 0 || d >= n) {
                text(x, 400, "invalid d '" + given + "' (the number of a served trace directory, 0 to " + (n - 1)
                        + "; see trace_dirs in /api/sessions)");
                return null;
            }
            if (!settings.dirs().get(d).store().exists(id)) {
                text(x, 404, "no session " + id + " in " + settings.dirs().get(d).path());
                return null;
            }
            return new Located(d, id);
        }
        for (int d = 0; d < n; d++) {
            if (settings.dirs().get(d).store().exists(id)) {
                return new Located(d, id);
            }
        }
        text(x, 404, "no session " + id);
        return null;
    }

    /** Every served directory's sessions, most recently started first. */
    private List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SessionIndex i : indexes) {
            rows.addAll(i.rows());
        }
        if (settings.several()) { // each directory's rows come newest first: merge them so
            rows.sort(Comparator.comparingDouble((Map<String, Object> r) -> ((Number) r.get("started_at")).doubleValue())
                    .reversed());
        }
        return rows;
    }

    /** The served directories, numbered as {@code ?d=} takes them. */
    private List<Object> traceDirs() {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < settings.dirs().size(); i++) {
            Selection.Dir d = settings.dirs().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dir", i);
            m.put("path", d.path().toString());
            m.put("project", d.projectLabel(settings.home()));
            out.add(m);
        }
        return out;
    }

    private void sessionsPage(HttpExchange x) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mode", "sessions");
        data.put("trace_dir", settings.dirs().get(0).path().toString());
        data.put("trace_dirs", traceDirs());
        data.put("api", "/api/sessions");
        data.put("sessions", rows());
        page(x, "Sessions · agent-strace", data, "sessions", null);
    }

    private void searchPage(HttpExchange x) throws IOException {
        List<Selection.Item> items = selected(new Readings());
        SearchPage.Found found = null;
        if (!query(x.getRequestURI()).getOrDefault("q", "").isBlank()) {
            found = search(x, items);
            if (found == null) {
                return; // a bad limit, answered
            }
        }
        String title = found == null ? "Search · agent-strace" : found.query() + " · Search · agent-strace";
        page(x, title, Map.of("mode", "search"), "search", SearchPage.body(found, items.isEmpty(), this::dirOf));
    }

    private void clustersPage(HttpExchange x) throws IOException {
        ClustersPage.Result r = clusters(x);
        Integer limit = r == null ? null : limit(x, ClustersPage.DEFAULT_LIMIT, 0, Integer.MAX_VALUE);
        if (limit != null) {
            boolean none = r.clusters().clusters().isEmpty(); // every session is in a cluster
            page(x, "Clusters · agent-strace", Map.of("mode", "clusters"), "clusters", ClustersPage.body(r, limit, none));
        }
    }

    private void reportPage(HttpExchange x) throws IOException {
        ReportPage.Result r = report(x);
        if (r != null) {
            page(x, "Report · agent-strace", Map.of("mode", "report"), "report", ReportPage.body(r));
        }
    }

    /** The hits of {@code ?q=&limit=}, or null when the limit was refused (the answer is sent). */
    private SearchPage.Found search(HttpExchange x, List<Selection.Item> items) throws IOException {
        Integer limit = limit(x, SearchPage.DEFAULT_LIMIT, 1, SearchPage.MAX_LIMIT);
        if (limit == null) {
            return null;
        }
        String q = query(x.getRequestURI()).getOrDefault("q", "");
        if (q.isBlank()) {
            text(x, 400, "missing q: the query, e.g. /api/search?q=pytest%20type:error");
            return null;
        }
        return SearchPage.find(q, limit, items);
    }

    /** The clusters of {@code ?by=&fuzzy=}, or null when they were refused (the answer is sent). */
    private ClustersPage.Result clusters(HttpExchange x) throws IOException {
        Map<String, String> q = query(x.getRequestURI());
        String by = q.getOrDefault("by", "session");
        if (!by.equals("session") && !by.equals("phase")) {
            text(x, 400, "invalid by '" + by + "' (use session or phase)");
            return null;
        }
        int fuzzy;
        try {
            fuzzy = Integer.parseInt(q.getOrDefault("fuzzy", "0"));
        } catch (NumberFormatException e) {
            fuzzy = -1;
        }
        if (fuzzy < 0 || fuzzy > 1000) {
            text(x, 400, "invalid fuzzy '" + q.get("fuzzy") + "' (a whole number of edits, 0 to 1000)");
            return null;
        }
        Readings readings = new Readings();
        return ClustersPage.of(readings::of, selected(readings), by.equals("phase"), fuzzy, this::dirOf);
    }

    /** The report of {@code ?by=}, or null when it was refused (the answer is sent). */
    private ReportPage.Result report(HttpExchange x) throws IOException {
        String word = query(x.getRequestURI()).getOrDefault("by", "day");
        UsageReport.By by = UsageReport.By.of(word);
        if (by == null) {
            StringJoiner choices = new StringJoiner(", ");
            for (UsageReport.By b : UsageReport.By.values()) {
                choices.add(b.word());
            }
            text(x, 400, "invalid by '" + word + "' (use " + choices + ")");
            return null;
        }
        Readings readings = new Readings();
        return ReportPage.of(readings::of, readings.of(settings.dirs().get(0)).prices(), selected(readings), by,
                settings.home());
    }

    /** {@code ?limit=}: {@code otherwise} when absent, null when refused (the answer is sent). */
    private static Integer limit(HttpExchange x, int otherwise, int least, int max) throws IOException {
        String given = query(x.getRequestURI()).get("limit");
        if (given == null) {
            return otherwise;
        }
        int limit;
        try {
            limit = Integer.parseInt(given);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < least || limit > max) {
            text(x, 400, "invalid limit '" + given + "' (a whole number, " + least + " to " + max + ")");
            return null;
        }
        return limit;
    }

    /** The dashboard's sessions as the cross-session commands select them: every served directory's, newest first. */
    private List<Selection.Item> selected(Readings readings) {
        return settings.selection().items(settings.dirs(), d -> readings.of(d).tree());
    }

    /**
     * The index of a served directory as a link's {@code ?d=} takes it; -1 (no {@code ?d=}) when only one is
     * served, or for none.
     */
    private int dirOf(Path traceDir) {
        for (int i = 0; settings.several() && i < settings.dirs().size(); i++) {
            if (settings.dirs().get(i).path().equals(traceDir)) {
                return i;
            }
        }
        return -1;
    }

    /** The session model of one request: each directory read at most once, and only when asked for. */
    private final class Readings {
        private final Map<Selection.Dir, Reading> made = new HashMap<>();

        Reading of(Selection.Dir d) {
            return made.computeIfAbsent(d, k -> settings.readings().apply(k.store()));
        }
    }

    private Reading reading(Located f) {
        return settings.readings().apply(settings.dirs().get(f.dir()).store());
    }

    private TraceStore store(Located f) {
        return settings.dirs().get(f.dir()).store();
    }

    private void sessionPage(HttpExchange x, Located f) throws IOException {
        Map<String, Object> data = PageData.of(reading(f), f.id());
        data.put("mode", "session");
        data.put("live_url", "/api/sessions/" + Frame.query(f.id()) + "/live" + (settings.several() ? "?d=" + f.dir() : ""));
        page(x, Share.title(data), data, null, null);
    }

    private void events(HttpExchange x, Located f) throws IOException {
        String id = f.id();
        Map<String, String> q = query(x.getRequestURI());
        long offset;
        int limit;
        try {
            offset = Long.parseLong(q.getOrDefault("offset", "0"));
            limit = Integer.parseInt(q.getOrDefault("limit", "500"));
        } catch (NumberFormatException e) {
            text(x, 400, "offset and limit must be whole numbers");
            return;
        }
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            text(x, 400, "offset must be 0 or more, limit 1 to " + MAX_PAGE);
            return;
        }
        List<Object> page = new ArrayList<>();
        boolean more;
        try (Stream<TraceEvent> s = store(f).reader(id, settings.warnings()).events()) {
            var it = s.skip(offset).iterator();
            while (page.size() < limit && it.hasNext()) {
                page.add(it.next().toJson());
            }
            more = it.hasNext();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", id);
        m.put("offset", offset);
        m.put("events", page);
        m.put("next_offset", more ? offset + page.size() : null);
        json(x, 200, m);
    }

    /** Server-Sent Events: the page's data now, then again whenever complete lines are appended. */
    private void live(HttpExchange x, Located f) throws IOException {
        if (!liveSlots.tryAcquire()) {
            text(x, 503, "too many live pages open (" + MAX_LIVE + ")");
            return;
        }
        try (LiveFeed feed = new LiveFeed(store(f).eventsFile(f.id()), () -> PageData.of(reading(f), f.id()),
                settings.liveGapMs(), () -> closing)) {
            x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            x.sendResponseHeaders(200, 0);
            feed.run(x.getResponseBody());
        } finally {
            liveSlots.release();
        }
    }

    /** A page with the navigation ({@code current} marked) and {@code content}, or the script's own when null. */
    private void page(HttpExchange x, String title, Map<String, Object> data, String current, String content)
            throws IOException {
        List<String> paths = new ArrayList<>();
        settings.dirs().forEach(d -> paths.add(d.path().toString()));
        String nav = Frame.nav(current, paths);
        byte[] body = (content == null ? html.page(title, data, null, nav) : html.page(title, data, null, nav, content))
                .getBytes(StandardCharsets.UTF_8);
        send(x, 200, "text/html; charset=utf-8", body);
    }

    private void json(HttpExchange x, int status, Object value) throws IOException {
        send(x, status, "application/json; charset=utf-8", Json.write(value, Json.Style.COMPACT_ASCII)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void text(HttpExchange x, int status, String message) throws IOException {
        send(x, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void headers(HttpExchange x) {
        var h = x.getResponseHeaders();
        h.set("Content-Security-Policy", policy);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
    }

    /** The decoded path segments, or null for a path that tries to leave its place ({@code ..}, NUL, slashes). */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        if (rawPath == null || !rawPath.startsWith("/")) {
            return null;
        }
        for (String raw : rawPath.substring(1).split("/", -1)) {
            if (raw.isEmpty()) {
                continue;
            }
            String s;
            try {
                s = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (s.equals("..") || s.equals(".") || s.indexOf('/') >= 0 || s.indexOf('\\') >= 0 || s.indexOf('\0') >= 0) {
                return null;
            }
            out.add(s);
        }
        return out;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> m = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    try {
                        m.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        m.put(pair.substring(0, eq), ""); // a broken escape: not a number either, so refused below
                    }
                }
            }
        }
        return m;
    }
}
