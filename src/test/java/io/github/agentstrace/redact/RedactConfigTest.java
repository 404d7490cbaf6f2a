package io.github.agentstrace.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactConfigTest {
    @TempDir
    Path dir;

    private static Redactor with(String json) {
        return Redactor.withConfig(RedactConfig.parse(json, "test.json"));
    }

    @Test
    void patterns_addSecretFormatsWithTheirOwnMarker() {
        Redactor r = with("{\"patterns\":[{\"name\":\"acme_token\",\"regex\":\"acme_[a-z0-9]{12}\"},"
                + "{\"name\":\"pin\",\"regex\":\"PIN: (\\\\d{4})\",\"group\":1}]}");
        assertEquals("use [REDACTED:acme_token] now", r.redact("use acme_0123456789ab now"));
        assertEquals("PIN: [REDACTED:pin]", r.redact("PIN: 1234"));
        assertEquals("[REDACTED:openai_key]", r.redact(SecretCorpus.OPENAI_LEGACY), "built-ins still apply");
    }

    @Test
    void allow_keepsListedStringsAndPatterns() {
        Redactor r = with("{\"allow\":[\"" + SecretCorpus.GITHUB_OAUTH + "\"],"
                + "\"allow_patterns\":[\"AKIA[A-Z0-9]{16}\"]}");
        assertEquals(SecretCorpus.GITHUB_OAUTH, r.redact(SecretCorpus.GITHUB_OAUTH));
        assertEquals(SecretCorpus.AWS_KEY_ID, r.redact(SecretCorpus.AWS_KEY_ID));
        assertEquals("[REDACTED:github_token]", r.redact(SecretCorpus.GITHUB_USER));
    }

    @Test
    void keys_addSensitiveNamesForJsonAndText() {
        Redactor r = with("{\"keys\":[\"x-acme-session\"]}");
        assertEquals(Map.of("X_Acme_Session", "[REDACTED:secret]"), r.redactValue(Map.of("X_Acme_Session", "abc")));
        assertEquals("X-ACME-SESSION=[REDACTED:secret] run", r.redact("X-ACME-SESSION=abc9 run"));
        assertEquals(Map.of("session", "abc"), Redactor.standard().redactValue(Map.of("session", "abc")));
    }

    @Test
    void disable_switchesABuiltInDetectorOff() {
        Redactor r = with("{\"disable\":[\"jwt\"]}");
        assertEquals(SecretCorpus.JWT, r.redact(SecretCorpus.JWT));
    }

    @Test
    void disable_rejectsAnUnknownDetectorNamingTheKnownOnes() {
        RedactConfigException e = assertThrows(RedactConfigException.class, () -> with("{\"disable\":[\"jwts\"]}"));
        assertTrue(e.getMessage().startsWith("test.json: disable: unknown detector 'jwts' (known: "), e.getMessage());
        assertTrue(e.getMessage().contains("jwt"), e.getMessage());
    }

    @Test
    void parse_rejectsABadRegexWithFileFieldAndReason() {
        RedactConfigException e = assertThrows(RedactConfigException.class,
                () -> RedactConfig.parse("{\"patterns\":[{\"name\":\"x\",\"regex\":\"ab(c\"}]}", "/home/u/redact.json"));
        assertEquals("/home/u/redact.json: patterns[0].regex: invalid regular expression: Unclosed group near index 4"
                + " in ab(c", e.getMessage());
    }

    @Test
    void parse_rejectsInvalidConfigsWithClearMessages() {
        List<String[]> cases = List.of(
                new String[] {"{\"patterns\":[{\"name\":\"x\",\"regex\":\"a*\"}]}",
                    "c.json: patterns[0].regex: matches the empty string, so it would match everywhere"},
                new String[] {"{\"patterns\":[{\"name\":\"Bad Name\",\"regex\":\"a\"}]}",
                    "c.json: patterns[0].name: must be 1-40 characters of a-z, 0-9 and _, got \"Bad Name\""},
                new String[] {"{\"patterns\":[{\"name\":\"x\",\"regex\":\"a(b)\",\"group\":2}]}",
                    "c.json: patterns[0].group: 2 but the regex has only 1 group(s)"},
                new String[] {"{\"patterns\":[{\"name\":\"x\"}]}", "c.json: patterns[0].regex: a non-empty string is required"},
                new String[] {"{\"pattern\":[]}",
                    "c.json: unknown field 'pattern' (expected one of allow, allow_patterns, disable, keys, patterns)"},
                new String[] {"{\"allow\":[1]}", "c.json: allow[0]: expected a non-empty string"},
                new String[] {"{\"keys\":\"token\"}", "c.json: keys: expected an array"},
                new String[] {"[]", "c.json: expected a JSON object"},
                new String[] {"{\"allow_patterns\":[\"[\"]}", "c.json: allow_patterns[0]: invalid regular expression: "
                    + "Unclosed character class near index 0 in ["});
        for (String[] c : cases) {
            RedactConfigException e = assertThrows(RedactConfigException.class, () -> RedactConfig.parse(c[0], "c.json"));
            assertEquals(c[1], e.getMessage());
        }
        RedactConfigException e = assertThrows(RedactConfigException.class, () -> RedactConfig.parse("{", "c.json"));
        assertTrue(e.getMessage().startsWith("c.json: not valid JSON: "), e.getMessage());
    }

    @Test
    void forCapture_readsTheFileNamedByTheEnvironment() throws IOException {
        Path file = dir.resolve("r.json");
        Files.writeString(file, "{\"patterns\":[{\"name\":\"acme_token\",\"regex\":\"acme_[a-z0-9]{12}\"}]}");
        Redactor r = Redactor.forCapture(false, Map.of("AGENT_STRACE_REDACT_CONFIG", file.toString()));
        assertEquals("[REDACTED:acme_token]", r.redact("acme_0123456789ab"));
    }

    @Test
    void forCapture_failsAtStartOnAMissingOrBadConfig() throws IOException {
        Path missing = dir.resolve("nope.json");
        RedactConfigException e = assertThrows(RedactConfigException.class,
                () -> Redactor.forCapture(false, Map.of("AGENT_STRACE_REDACT_CONFIG", missing.toString())));
        assertEquals("redaction config " + missing + " does not exist (from AGENT_STRACE_REDACT_CONFIG)", e.getMessage());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"patterns\":[{\"name\":\"x\",\"regex\":\"(\"}]}");
        assertThrows(RedactConfigException.class,
                () -> Redactor.forCapture(false, Map.of("AGENT_STRACE_REDACT_CONFIG", bad.toString())));
        // with redaction off the config is never read
        assertFalse(Redactor.forCapture(true, Map.of("AGENT_STRACE_REDACT_CONFIG", bad.toString())).enabled());
    }

    @Test
    void forCapture_usesThePerUserFileWhenPresent() throws IOException {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve(".config/agent-strace"));
        Files.writeString(home.resolve(".config/agent-strace/redact.json"), "{\"keys\":[\"acme\"]}");
        Redactor r = Redactor.forCapture(false, Map.of("HOME", home.toString()));
        assertEquals(Map.of("acme", "[REDACTED:secret]"), r.redactValue(Map.of("acme", "v")));
        Path xdg = dir.resolve("xdg");
        Files.createDirectories(xdg.resolve("agent-strace"));
        Files.writeString(xdg.resolve("agent-strace/redact.json"), "{\"keys\":[\"beta\"]}");
        Redactor x = Redactor.forCapture(false, Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", xdg.toString()));
        assertEquals(Map.of("beta", "[REDACTED:secret]"), x.redactValue(Map.of("beta", "v")));
        assertEquals(Redactor.standard(), Redactor.forCapture(false, Map.of("HOME", dir.resolve("empty").toString())));
    }

    @Test
    void forCaptureOrBuiltin_warnsAndKeepsTheBuiltInsOnABadConfig() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"nope\":1}");
        List<String> warnings = new ArrayList<>();
        Redactor r = Redactor.forCaptureOrBuiltin(false, false, Map.of("AGENT_STRACE_REDACT_CONFIG", bad.toString()),
                warnings::add);
        assertTrue(r.enabled());
        assertEquals("[REDACTED:openai_key]", r.redact(SecretCorpus.OPENAI_LEGACY));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).endsWith("; using the built-in redaction rules"), warnings.get(0));
    }
}
