package io.github.agentstrace.provenance;

import java.util.LinkedHashMap;
import java.util.Map;

/** A commit made during a session: its full hash, subject line and author time (epoch seconds). */
public record Commit(String hash, String subject, long authorTime) {
    /** The sidecar's object. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hash", hash);
        m.put("subject", subject);
        m.put("author_time", authorTime);
        return m;
    }

    /** From a sidecar object; null when it has no hash. */
    public static Commit fromJson(Map<String, Object> m) {
        if (!(m.get("hash") instanceof String h)) {
            return null;
        }
        return new Commit(h, m.get("subject") instanceof String s ? s : "",
                m.get("author_time") instanceof Number n ? n.longValue() : 0);
    }
}
