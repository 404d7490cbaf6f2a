package io.github.agentstrace.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.agentstrace.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared corpus: every secret disappears wherever it sits; every look-alike survives byte for byte. */
class RedactorCorpusTest {
    private final Redactor redactor = Redactor.standard();

    private static void assertClean(String what, String out) {
        for (String secret : SecretCorpus.SECRETS) {
            if (out.contains(secret) || out.contains(secret.substring(secret.length() - 12))) {
                fail(what + " still contains " + secret + ":\n" + out);
            }
        }
    }

    @Test
    void redact_removesEverySecretFromEveryCorpusText() {
        for (String text : SecretCorpus.TEXTS) {
            String out = redactor.redact(text);
            assertClean("text", out);
            assertTrue(out.contains("[REDACTED:"), out);
        }
    }

    @Test
    void redact_removesFormatSecretsInEveryContext() {
        for (String secret : SecretCorpus.FORMAT_SECRETS) {
            List<String> contexts = List.of(
                    secret,
                    "value: " + secret + " (end)",
                    "{\"k\":\"" + secret + "\"}",
                    "echo '" + secret + "' | tool --stdin",
                    "SOME_SETTING=" + secret + "\nOTHER=1",
                    "https://example.com/cb?x=" + secret + "&y=2",
                    "(" + secret + ")",
                    "line1\n" + secret + "\nline3");
            for (String ctx : contexts) {
                assertClean("context", redactor.redact(ctx));
            }
            Object nested = Map.of("a", List.of(Map.of("b", List.of("x", "see " + secret)), Map.of("c", secret)));
            assertClean("nested", Json.write(redactor.redactValue(nested)));
        }
    }

    @Test
    void redactValue_removesEverySecretFromTheHookPayload() {
        Map<String, Object> payload = SecretCorpus.hookPayload();
        String before = Json.write(payload);
        String out = Json.write(redactor.redactValue(payload));
        assertClean("payload", out);
        assertEquals(before, Json.write(payload), "the input must not be changed");
        assertTrue(out.contains("b0e0a9aa-683d-4f97-b020-e509b06f918e"), "ids are kept");
    }

    @Test
    void redactHeadersAndMessages_removeEverySecret() {
        assertClean("headers", Json.write(redactor.redactHeaders(SecretCorpus.headers())));
        for (String line : SecretCorpus.jsonRpcMessages()) {
            assertClean("message", Json.write(redactor.redactValue(Json.parse(line))));
            assertClean("message as text", redactor.redact(line));
        }
    }

    @Test
    void redact_givesTheSameResultFromManyThreadsOnAFreshRedactor() throws Exception {
        Redactor fresh = Redactor.standard().maskingPii(true); // new detectors: patterns compile during the race
        List<String> expected = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    List<String> out = new ArrayList<>();
                    for (String text : SecretCorpus.TEXTS) {
                        out.add(fresh.redact(text));
                    }
                    return out;
                }));
            }
            for (String text : SecretCorpus.TEXTS) {
                expected.add(Redactor.standard().maskingPii(true).redact(text));
            }
            for (java.util.concurrent.Future<List<String>> f : results) {
                assertEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void redact_keepsEveryLookAlikeByteForByte() {
        List<String> changed = new ArrayList<>();
        for (String text : SecretCorpus.LOOK_ALIKES) {
            String out = redactor.redact(text);
            if (!out.equals(text)) {
                changed.add(text + "\n  became\n" + out);
            }
        }
        assertTrue(changed.isEmpty(), String.join("\n----\n", changed));
    }

    @Test
    void redactValue_keepsLookAlikesInsideJson() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("outputs", SecretCorpus.LOOK_ALIKES);
        value.put("usage", Map.of("input_tokens", "1200", "max_tokens", 4096, "token_count", "17"));
        value.put("tokenizer", "cl100k_base");
        value.put("password_hint", "your pet's name");
        String before = Json.write(value);
        String after = Json.write(redactor.redactValue(value));
        assertTrue(before.equals(after), () -> "changed at index " + mismatch(before, after) + ": "
                + after.substring(Math.max(0, mismatch(before, after) - 80), Math.min(after.length(), mismatch(before, after) + 80)));
    }

    private static int mismatch(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    @Test
    void redact_leavesTextWithoutCandidatesAsTheSameInstance() {
        String text = "ls -la /home/dev/project && git status";
        assertTrue(text == redactor.redact(text));
        assertFalse(redactor.redact(SecretCorpus.OPENAI_LEGACY).contains("sk-"));
    }
}
