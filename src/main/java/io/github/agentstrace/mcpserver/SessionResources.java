package io.github.agentstrace.mcpserver;

import io.github.agentstrace.analysis.Explanation;
import io.github.agentstrace.model.Texts;
import io.github.agentstrace.model.DataError;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.session.SessionListener;
import io.github.agentstrace.session.SessionTree;
import io.github.agentstrace.session.SessionView;
import io.github.agentstrace.store.SessionIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every session as a resource, {@code agent-strace://session/<id>}: a markdown summary (its headline and
 * {@code explain}'s story). Listed most recently started first, {@value #PAGE} to a page, subagent sessions
 * included; a template lets a client name a session by id or unique prefix.
 */
final class SessionResources {
    static final String PREFIX = "agent-strace://session/";
    static final String TEMPLATE = PREFIX + "{session_id}";
    static final int PAGE = 50;
    private static final String MIME = "text/markdown";

    private final Traces traces;

    SessionResources(Traces traces) {
        this.traces = traces;
    }

    /** {@code resources/list}: one page. */
    Map<String, Object> list(String cursor) throws Protocol.RpcError {
        long start;
        try {
            start = Cursor.decode(cursor, "resources/list", "", 0);
        } catch (BadArgument e) {
            throw new Protocol.RpcError(Protocol.INVALID_PARAMS, e.getMessage());
        }
        List<SessionMeta> all = new SessionTree(traces.store(), traces.warnings()).all();
        List<Object> resources = new ArrayList<>();
        long end = Math.min(all.size(), start + PAGE);
        for (long i = start; i < end; i++) {
            SessionMeta m = all.get((int) i);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("uri", PREFIX + m.sessionId());
            r.put("name", m.sessionId());
            r.put("title", title(m));
            r.put("description", (m.parentSessionId().isEmpty() ? "" : "Subagent of " + m.parentSessionId() + ", ")
                    + "started " + SessionFacts.iso(m.startedAt()) + (m.command().isEmpty() ? "" : ": " + m.command()));
            r.put("mimeType", MIME);
            resources.add(r);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("resources", resources);
        if (end < all.size()) {
            result.put("nextCursor", Cursor.encode("resources/list", "", end));
        }
        return result;
    }

    /** {@code resources/templates/list}. */
    Map<String, Object> templates() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("uriTemplate", TEMPLATE);
        t.put("name", "session");
        t.put("title", "A recorded agent session");
        t.put("description", "A session's summary in markdown: who ran it, how long, calls, errors, tokens and cost,"
                + " then its story prompt by prompt. session_id may be a unique prefix.");
        t.put("mimeType", MIME);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("resourceTemplates", List.of(t));
        return result;
    }

    /** {@code resources/read}. */
    Map<String, Object> read(String uri) throws Protocol.RpcError {
        String given = uri.startsWith(PREFIX) ? uri.substring(PREFIX.length()) : null;
        if (given == null || !SessionIds.isValid(given)) {
            throw notFound(uri, "session resources look like " + PREFIX + "<session id or unique prefix>");
        }
        String id;
        SessionView view;
        try {
            id = traces.resolve(given);
            view = traces.reading().read(id, true, true, SessionListener.NONE);
        } catch (DataError e) {
            throw notFound(uri, e.getMessage());
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("uri", uri);
        content.put("mimeType", MIME);
        content.put("text", Texts.cut(markdown(view), Tools.MAX_TEXT));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("contents", List.of(content));
        return result;
    }

    private static Protocol.RpcError notFound(String uri, String why) {
        return new Protocol.RpcError(Protocol.RESOURCE_NOT_FOUND, "Resource not found: " + uri + " (" + why + ")",
                Map.of("uri", uri));
    }

    private static String title(SessionMeta m) {
        return (m.agentName().isEmpty() ? "Session " : m.agentName() + " session ") + m.sessionId();
    }

    /** The summary: title, when and how, the subagents as links, then {@code explain}'s text. */
    static String markdown(SessionView view) {
        SessionMeta m = view.meta();
        StringBuilder sb = new StringBuilder("# ").append(title(m)).append("\n\n");
        sb.append("Recorded by ").append(view.source().word()).append(", started ")
                .append(SessionFacts.iso(m.startedAt())).append(", ").append(view.status().word()).append(".");
        if (!m.parentSessionId().isEmpty()) {
            sb.append(" A subagent of [").append(m.parentSessionId()).append("](").append(PREFIX)
                    .append(m.parentSessionId()).append(").");
        }
        sb.append("\n\n");
        List<SessionView> tree = view.flatten();
        if (tree.size() > 1) {
            sb.append("Subagent sessions:");
            for (SessionView v : tree.subList(1, Math.min(tree.size(), SessionFacts.SUBAGENTS_LISTED + 1))) {
                sb.append(" [").append(v.id()).append("](").append(PREFIX).append(v.id()).append(")");
            }
            sb.append("\n\n");
        }
        sb.append("```text\n").append(Explanation.of(view).text(Tool.PLAIN, Tool.WIDTH).strip()).append("\n```\n");
        return sb.toString();
    }
}
