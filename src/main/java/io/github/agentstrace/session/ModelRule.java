package io.github.agentstrace.session;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;

/**
 * The one rule for which model an LLM turn used: the model its response names, else its request, else the
 * model of the session's previous turn, else the model the session said it uses ({@code session_start}
 * or a transcript's assistant response). Empty names count as none.
 */
final class ModelRule {
    private String sessionModel;
    private String lastTurnModel;

    /** Notes what an event says about the session's model. */
    void observe(TraceEvent e) {
        EventType k = e.kind();
        if (k == EventType.SESSION_START || k == EventType.ASSISTANT_RESPONSE) {
            String m = name(e);
            if (m != null && sessionModel == null) {
                sessionModel = m;
            }
        }
    }

    /** The model of a turn from its request and response (either may be null). */
    String of(TraceEvent request, TraceEvent response) {
        String m = response == null ? null : name(response);
        if (m == null && request != null) {
            m = name(request);
        }
        if (m == null) {
            m = lastTurnModel != null ? lastTurnModel : sessionModel;
        } else {
            lastTurnModel = m;
        }
        return m;
    }

    /** The model the session names, or null. */
    String sessionModel() {
        return sessionModel != null ? sessionModel : lastTurnModel;
    }

    private static String name(TraceEvent e) {
        String m = Json.asString(e.data().get("model"));
        return m == null || m.isBlank() ? null : m;
    }
}
