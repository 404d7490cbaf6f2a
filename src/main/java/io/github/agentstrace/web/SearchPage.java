package io.github.agentstrace.web;

import io.github.agentstrace.analysis.Search;
import io.github.agentstrace.analysis.SearchQuery;
import io.github.agentstrace.analysis.SearchRun;
import io.github.agentstrace.analysis.Selection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The dashboard's search ({@code /search?q=…&limit=N}, and {@code /api/search}): {@code search} over the
 * dashboard's sessions, with the command's query language and its hits ({@link Search}); a query the command
 * refuses shows the command's one line.
 */
final class SearchPage {
    /** Hits shown when no limit is asked for. */
    static final int DEFAULT_LIMIT = 100;
    /** The most hits one request returns. */
    static final int MAX_LIMIT = 5000;
    /** Sessions scanned at once: the dashboard shares the machine with the agent it watches. */
    private static final int THREADS = 2;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /**
     * The hits of a query, and whether there were more than the limit.
     *
     * @param query the query as typed
     * @param error the command's one line for a query it refuses, else null (and no hits)
     */
    record Found(String query, int limit, List<Search.Hit> hits, boolean more, String error) {

        /** {@code /api/search}: the hits as {@code search --json} writes them. */
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("query", query);
            m.put("limit", limit);
            List<Object> list = new ArrayList<>(hits.size());
            hits.forEach(h -> list.add(h.toJson()));
            m.put("hits", list);
            m.put("more", more);
            return m;
        }
    }

    private SearchPage() {
    }

    /** Searches the sessions, newest first, each followed by its subagents, as the command does. */
    static Found find(String text, int limit, List<Selection.Item> items) throws IOException {
        SearchQuery query;
        try {
            query = SearchQuery.parse(text);
        } catch (SearchQuery.InvalidQuery e) {
            return new Found(text, limit, List.of(), false, "invalid query: " + e.getMessage());
        }
        List<Search.Hit> hits = new ArrayList<>();
        boolean[] more = {false};
        SearchRun.run(query, SearchRun.Target.of(items), THREADS, hit -> {
            if (hits.size() == limit) {
                more[0] = true;
                return false;
            }
            hits.add(hit);
            return true;
        });
        return new Found(text, limit, hits, more[0], null);
    }

    /**
     * The page's content: the form, then the hits (or the error, or how to search); {@code dirOf} gives a hit's
     * directory as its link's {@code ?d=} names it (-1: none).
     */
    static String body(Found found, boolean noSessions, ToIntFunction<Path> dirOf) {
        StringBuilder sb = new StringBuilder(8192);
        sb.append("<div class=\"wrap page\"><header class=\"top\"><h1>Search</h1><div class=\"sub\">Events of every"
                + " session and subagent, newest session first: words, \"phrases\", a OR b, -not, and tool: type:"
                + " file: model: session:</div></header><section class=\"panel\">");
        String q = found == null ? "" : found.query();
        sb.append("<form class=\"filters\" method=\"get\" action=\"/search\" role=\"search\"><div class=\"search wide\">"
                + "<input id=\"q\" name=\"q\" type=\"search\" autocomplete=\"off\" spellcheck=\"false\" aria-label=\"Query\""
                + " placeholder=\"pytest type:tool_result · &quot;permission denied&quot; OR EACCES -tool:Read\" value=\"")
                .append(Html.escape(q)).append("\"></div><button class=\"btn primary\" type=\"submit\">Search</button>");
        if (found != null && found.error() == null) {
            sb.append("<span class=\"count\" id=\"count\">")
                    .append(found.more() ? "first " + found.hits().size() : String.valueOf(found.hits().size()))
                    .append(found.hits().size() == 1 && !found.more() ? " hit" : " hits").append("</span>");
        }
        sb.append("</form>");
        if (noSessions) {
            sb.append(Frame.empty());
        } else if (found == null) {
            sb.append("<div class=\"empty help\"><p>Type what to find, for example:</p><ul class=\"examples\">");
            for (String ex : new String[] {"type:error", "tool:Bash pytest", "\"permission denied\" OR EACCES",
                "file:src -tool:Read", "model:sonnet type:llm_response"}) {
                sb.append("<li><a class=\"mono\" href=\"/search?q=").append(Html.escape(Frame.query(ex))).append("\">")
                        .append(Html.escape(ex)).append("</a></li>");
            }
            sb.append("</ul></div>");
        } else if (found.error() != null) {
            sb.append("<p class=\"error\" role=\"alert\" id=\"error\">").append(Html.escape(found.error())).append("</p>");
        } else if (found.hits().isEmpty()) {
            sb.append("<div class=\"empty\">No events match.</div>");
        } else {
            hits(sb, found, dirOf);
        }
        sb.append("</section></div>");
        return sb.toString();
    }

    private static void hits(StringBuilder sb, Found found, ToIntFunction<Path> dirOf) {
        sb.append("<div class=\"table-wrap\"><table class=\"grid hits\"><thead><tr><th>Session</th>"
                + "<th class=\"hide-s\">Time (UTC)</th><th class=\"num\">Event</th><th class=\"hide-s\">Type</th>"
                + "<th>Tool</th><th>Match</th></tr></thead><tbody>");
        for (Search.Hit h : found.hits()) {
            sb.append("<tr class=\"hit\"><td class=\"mono\"><a href=\"").append(Html.escape(Frame.session(h.sessionId(),
                    dirOf.applyAsInt(h.traceDir()))))
                    .append("\">").append(Html.escape(h.sessionId())).append("</a></td><td class=\"hide-s muted nowrap\">")
                    .append(TIME.format(Instant.ofEpochMilli(Math.round(h.timestamp() * 1000))))
                    .append("</td><td class=\"num muted\">#").append(h.number()).append("</td><td class=\"hide-s\">")
                    .append("<span class=\"badge").append(h.type().equals("error") ? " failed" : "").append("\">")
                    .append(Html.escape(h.type())).append("</span></td><td class=\"tool\">")
                    .append(h.tool() == null ? "" : Html.escape(h.tool())).append("</td><td class=\"snippet mono\">");
            snippet(sb, h);
            sb.append("</td></tr>");
        }
        sb.append("</tbody></table></div>");
        if (found.more()) {
            int next = (int) Math.min(MAX_LIMIT, 2L * found.limit());
            sb.append("<div class=\"more\">");
            if (next > found.limit()) {
                sb.append("<a class=\"btn\" id=\"more\" href=\"/search?q=").append(Html.escape(Frame.query(found.query())))
                        .append("&amp;limit=").append(next).append("\">Show more (up to ").append(next).append(")</a>");
            } else {
                sb.append("<span class=\"muted\">More hits than a page shows: narrow the query.</span>");
            }
            sb.append("</div>");
        }
    }

    /** The snippet, its match marked; every piece escaped. */
    private static void snippet(StringBuilder sb, Search.Hit h) {
        String s = h.snippet();
        int from = h.matchStart();
        int to = h.matchEnd();
        if (from < 0 || to <= from || to > s.length()) {
            sb.append(Html.escape(s));
            return;
        }
        sb.append(Html.escape(s.substring(0, from))).append("<mark>").append(Html.escape(s.substring(from, to)))
                .append("</mark>").append(Html.escape(s.substring(to)));
    }
}
