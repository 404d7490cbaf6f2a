package io.github.agentstrace.mcpserver;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sessions written for a test through the store's own writer: a prompt and calls that pass or fail. */
final class Recorded implements AutoCloseable {
    static final double T0 = 1_795_000_000.0;

    private final String id;
    private final SessionWriter writer;
    private double t;
    private int n;

    Recorded(Path dir, String id, double startedAt, String agent) {
        TraceStore store = new TraceStore(dir);
        store.create(SessionMeta.start(id, startedAt, agent, "test"), Redactor.disabled());
        this.id = id;
        this.writer = store.writer(id, Redactor.disabled());
        this.t = startedAt;
    }

    Recorded prompt(String text) {
        add("user_prompt", null, Map.of("prompt", text));
        return this;
    }

    /** A Bash call and its result; {@code exit} other than 0 is a failure. */
    Recorded bash(String command, int exit, String output) {
        String call = add("tool_call", null, Map.of("tool_name", "Bash", "tool_input", Map.of("command", command)));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("tool_name", "Bash");
        result.put("exit_code", exit);
        result.put("result", output);
        add("tool_result", call, result);
        return this;
    }

    private String add(String type, String parent, Map<String, Object> data) {
        String eventId = id + "-e" + (++n);
        t += 1;
        writer.append(new TraceEvent(type, t, eventId, id, parent, null, new LinkedHashMap<>(data)));
        return eventId;
    }

    @Override
    public void close() {
        writer.close();
    }
}
