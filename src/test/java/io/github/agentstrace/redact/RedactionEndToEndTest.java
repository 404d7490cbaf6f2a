package io.github.agentstrace.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.SessionWriter;
import io.github.agentstrace.store.TraceStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes a whole session through the store with the standard redactor, then scans every byte of the session
 * directory (events.ndjson, meta.json) for the corpus secrets.
 */
class RedactionEndToEndTest {
    @TempDir
    Path root;

    @Test
    void sessionFiles_containNoSecretAndKeepLookAlikes() throws Exception {
        Redactor redactor = Redactor.forCapture(false, Map.of());
        TraceStore store = new TraceStore(root);
        String id = "redact-e2e-1";
        String command = "npx -y @acme/mcp-server --api-key " + SecretCorpus.ANTHROPIC + " --db postgres://app:"
                + SecretCorpus.DB_PASSWORD + "@db/prod";
        store.create(SessionMeta.start(id, 1_795_477_000.0, "claude-code", command), redactor);
        try (SessionWriter w = store.writer(id, redactor)) {
            double t = 1_795_477_001.0;
            w.append(event(EventType.SESSION_START, t, Map.of("redaction", "on", "command", command)));
            w.append(event(EventType.TOOL_CALL, t + 1, SecretCorpus.hookPayload()));
            for (String text : SecretCorpus.TEXTS) {
                w.append(event(EventType.TOOL_RESULT, t + 2, Map.of("tool_name", "Bash", "result", text)));
            }
            Map<String, Object> llm = new LinkedHashMap<>();
            llm.put("model", "claude-opus");
            llm.put("messages", List.of(Map.of("role", "user", "content",
                    List.of(Map.of("type", "text", "text", "my key is " + SecretCorpus.OPENAI_PROJECT)))));
            llm.put("headers", Map.of("x-api-key", SecretCorpus.ANTHROPIC, "anthropic-version", "2023-06-01"));
            w.append(event(EventType.LLM_REQUEST, t + 3, llm));
            w.append(event(EventType.ERROR, t + 4, Map.of("message", "connect failed: mongodb+srv://r:"
                    + SecretCorpus.MONGO_PASSWORD + "@cluster0/x")));
            w.append(event(EventType.TOOL_RESULT, t + 5, Map.of("outputs", SecretCorpus.LOOK_ALIKES)));
            w.flushMeta(m -> m.withAttribution(Map.of("api_key", SecretCorpus.API_KEY_PLAIN,
                    "note", "via " + SecretCorpus.GITHUB_FINE)));
        }

        SecretCorpus.assertNoSecrets(store.sessionDir(id));

        String events = Files.readString(store.eventsFile(id), StandardCharsets.UTF_8);
        assertTrue(events.contains("[REDACTED:anthropic_key]"), "typed markers are stored");
        assertTrue(events.contains("postgres://app:[REDACTED:password]@db/prod"), "only the URL password goes");
        List<TraceEvent> read = new ArrayList<>();
        store.reader(id, warning -> { throw new AssertionError(warning); }).forEach(read::add);
        assertEquals(SecretCorpus.LOOK_ALIKES, read.get(read.size() - 1).data().get("outputs"),
                "look-alikes come back byte-identical");
        String meta = Files.readString(store.sessionDir(id).resolve(TraceStore.META), StandardCharsets.UTF_8);
        assertTrue(meta.contains("--api-key [REDACTED:anthropic_key]"), meta);
        assertEquals("claude-code", Json.asString(Json.asObject(Json.parse(meta)).get("agent_name")));
    }

    @Test
    void sessionFiles_keepEverythingWhenRedactionIsOff() throws Exception {
        Redactor off = Redactor.forCapture(true, Map.of());
        TraceStore store = new TraceStore(root);
        store.create(SessionMeta.start("plain-1", 1.0, "a", "cmd " + SecretCorpus.GITHUB_OAUTH), off);
        try (SessionWriter w = store.writer("plain-1", off)) {
            w.append(event(EventType.SESSION_START, 2.0, Map.of("redaction", "off", "text", SecretCorpus.GITLAB)));
        }
        String events = Files.readString(store.eventsFile("plain-1"));
        assertTrue(events.contains(SecretCorpus.GITLAB));
        assertTrue(Files.readString(store.sessionDir("plain-1").resolve(TraceStore.META))
                .contains(SecretCorpus.GITHUB_OAUTH));
    }

    private static TraceEvent event(EventType type, double t, Map<String, Object> data) {
        return TraceEvent.of(type, t, "ev" + (long) (t * 10), null, null, null, data);
    }
}
