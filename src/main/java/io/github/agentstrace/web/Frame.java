package io.github.agentstrace.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the dashboard's pages share around their content: the navigation on every page {@code serve} answers
 * (Sessions, Search, Clusters, Report, and the trace directory they are about, or how many; plain links: with
 * an access token, the cookie set by the first request carries it), the empty state, and their links.
 */
final class Frame {
    private static final String[][] PAGES = {
        {"sessions", "/", "Sessions"}, {"search", "/search", "Search"}, {"clusters", "/clusters", "Clusters"},
        {"report", "/report", "Report"},
    };

    private Frame() {
    }

    /**
     * The bar, with {@code current} ({@code sessions}, {@code search}, {@code clusters}, {@code report}, or
     * null on a session's page) marked as the page shown.
     */
    static String nav(String current, List<String> traceDirs) {
        StringBuilder sb = new StringBuilder("<nav class=\"nav\" aria-label=\"Dashboard\"><a class=\"brand\" href=\"/\">"
                + "<i class=\"logo\"></i>agent-strace</a><span class=\"tabs\">");
        for (String[] p : PAGES) {
            sb.append("<a href=\"").append(p[1]).append('"');
            if (p[0].equals(current)) {
                sb.append(" aria-current=\"page\"");
            }
            sb.append('>').append(p[2]).append("</a>");
        }
        sb.append("</span><span class=\"spacer\"></span>");
        if (traceDirs.size() == 1) {
            sb.append("<span class=\"mono dir\" title=\"trace directory\">").append(Html.escape(traceDirs.get(0)));
        } else { // the paths, one a line, on hover: the bar has room for no more than their number
            sb.append("<span class=\"mono dir\" title=\"").append(Html.escape(String.join("\n", traceDirs))).append("\">")
                    .append(traceDirs.size()).append(" trace directories");
        }
        sb.append("</span></nav>");
        return sb.toString();
    }

    /** What a page about sessions shows when there are none yet, instead of an empty table or chart. */
    static String empty() {
        return "<div class=\"empty\" id=\"empty\"><b>No sessions yet.</b><br>Record one (agent-strace setup --install for Claude Code,"
                + " or agent-strace record -- CMD) and it appears here.</div>";
    }

    /** The address of a session's page (ids are checked before they get here; encoded all the same). */
    static String session(String id) {
        return session(id, -1);
    }

    /** The address of a session's page in the served directory {@code dir} ({@code ?d=}), or the first with -1. */
    static String session(String id, int dir) {
        return "/s/" + query(id) + (dir >= 0 ? "?d=" + dir : "");
    }

    /** A value in a URL's query or path, percent-encoded. */
    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
