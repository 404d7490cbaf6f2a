package io.github.agentstrace.web;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.session.Reading;
import java.util.Map;

/**
 * {@code share}: one session (with its subagents) as one self-contained HTML file. Nothing leaves the page:
 * its Content-Security-Policy forbids every request, the script and style are inline and allowed by hash,
 * and the data is HTML-safe JSON that is parsed, never executed.
 */
public final class Share {
    private final Html html = Html.load();

    /** The page of a session (an exact id). */
    public String page(Reading reading, String id) {
        Map<String, Object> data = PageData.of(reading, id);
        data.put("mode", "share");
        return html.page(title(data), data, html.policy(false));
    }

    /** The document title: the session's first prompt (or its id) and {@code agent-strace}. */
    static String title(Map<String, Object> data) {
        Map<String, Object> s = Json.asObject(data.get("session"));
        String label = null;
        for (Object p : Json.asArray(s.get("phases"))) {
            if (Json.asObject(p).get("prompt_event") != null) {
                label = Json.asString(Json.asObject(p).get("label"));
                break;
            }
        }
        String id = String.valueOf(s.get("session_id"));
        String head = label == null || label.isBlank() ? id : label;
        if (head.length() > 80) {
            int end = Character.isHighSurrogate(head.charAt(78)) ? 78 : 79; // never half a character
            head = head.substring(0, end) + "…";
        }
        return head + " · agent-strace";
    }
}
