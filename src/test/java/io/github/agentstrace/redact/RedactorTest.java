package io.github.agentstrace.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Redactor r = Redactor.standard();

    @Test
    void redact_replacesEachFormatWithItsTypedMarker() {
        assertEquals("[REDACTED:openai_key]", r.redact(SecretCorpus.OPENAI_PROJECT));
        assertEquals("[REDACTED:openai_key]", r.redact(SecretCorpus.OPENAI_SVCACCT));
        assertEquals("[REDACTED:openai_key]", r.redact(SecretCorpus.OPENAI_LEGACY));
        assertEquals("[REDACTED:anthropic_key]", r.redact(SecretCorpus.ANTHROPIC));
        assertEquals("[REDACTED:github_token]", r.redact(SecretCorpus.GITHUB_OAUTH));
        assertEquals("[REDACTED:github_token]", r.redact(SecretCorpus.GITHUB_FINE));
        assertEquals("[REDACTED:gitlab_token]", r.redact(SecretCorpus.GITLAB));
        assertEquals("[REDACTED:slack_token]", r.redact(SecretCorpus.SLACK_BOT));
        assertEquals("[REDACTED:aws_access_key_id]", r.redact(SecretCorpus.AWS_KEY_ID));
        assertEquals("[REDACTED:google_api_key]", r.redact(SecretCorpus.GOOGLE));
        assertEquals("[REDACTED:stripe_key]", r.redact(SecretCorpus.STRIPE_RESTRICTED));
        assertEquals("[REDACTED:npm_token]", r.redact(SecretCorpus.NPM));
        assertEquals("[REDACTED:huggingface_token]", r.redact(SecretCorpus.HUGGING_FACE));
        assertEquals("[REDACTED:jwt]", r.redact(SecretCorpus.JWT));
    }

    @Test
    void redact_replacesAWholePemBlock() {
        String out = r.redact("before\n" + SecretCorpus.PEM + "\nafter");
        assertEquals("before\n[REDACTED:private_key]\nafter", out);
    }

    @Test
    void redact_replacesATruncatedPemBlockToTheEnd() {
        assertEquals("key: [REDACTED:private_key]", r.redact("key: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEF"));
    }

    @Test
    void redact_keepsAuthSchemeWordsAndRedactsTheCredential() {
        assertEquals("Authorization: Bearer [REDACTED:bearer_token]",
                r.redact("Authorization: Bearer " + SecretCorpus.BEARER_OPAQUE));
        assertEquals("-H 'Authorization: Basic [REDACTED:basic_auth]'",
                r.redact("-H 'Authorization: Basic " + SecretCorpus.BASIC + "'"));
    }

    @Test
    void redact_replacesOnlyThePasswordOfAUrl() {
        assertEquals("postgres://app:[REDACTED:password]@db.internal:5432/prod",
                r.redact("postgres://app:" + SecretCorpus.DB_PASSWORD + "@db.internal:5432/prod"));
        assertEquals("redis://:[REDACTED:password]@cache:6379/0", r.redact("redis://:S3cretRedis@cache:6379/0"));
        assertEquals("https://u:[REDACTED:password]@h.example/x", r.redact("https://u:p@ss:w0rd@h.example/x"));
    }

    @Test
    void redact_redactsSensitiveKeyValueLinesInEnvText() {
        String env = "DB_HOST=localhost\nDB_PASSWORD=hunter2x\nexport API_KEY=\"abc123def\"\nDEBUG=true\n";
        assertEquals("DB_HOST=localhost\nDB_PASSWORD=[REDACTED:password]\nexport API_KEY=\"[REDACTED:api_key]\"\n"
                + "DEBUG=true\n", r.redact(env));
    }

    @Test
    void redact_redactsConnectionStringPasswordsAndQueryTokens() {
        assertEquals("Server=db;User Id=sa;Password=[REDACTED:password];Encrypt=true",
                r.redact("Server=db;User Id=sa;Password=Xy!9zz;Encrypt=true"));
        assertEquals("host=db password=[REDACTED:password] dbname=app",
                r.redact("host=db password=pgpass99 dbname=app"));
        assertEquals("/cb?code=1&access_token=[REDACTED:token]&state=x",
                r.redact("/cb?code=1&access_token=abc123XYZ&state=x"));
    }

    @Test
    void redact_redactsJsonAndYamlHeldAsText() {
        assertEquals("{\"user\": \"bob\", \"password\": \"[REDACTED:password]\"}",
                r.redact("{\"user\": \"bob\", \"password\": \"pa55word\"}"));
        assertEquals("{\\\"apiKey\\\":\\\"[REDACTED:api_key]\\\"}", r.redact("{\\\"apiKey\\\":\\\"k-123456\\\"}"));
        assertEquals("db:\n  password: [REDACTED:password]\n", r.redact("db:\n  password: yamlPw1\n"));
        assertEquals("X-Api-Key: [REDACTED:api_key]", r.redact("X-Api-Key: 0a1b2c3d4e"));
    }

    @Test
    void redact_redactsIdentifierKeysInTheMiddleOfALine() {
        assertEquals("x ANTHROPIC_API_KEY: [REDACTED:api_key] y", r.redact("x ANTHROPIC_API_KEY: abc123 y"));
        assertEquals("cfg {apiKey: [REDACTED:api_key]}", r.redact("cfg {apiKey: abc123}"));
        assertEquals("a password: plainword here", r.redact("a password: plainword here"));
    }

    @Test
    void redact_redactsSensitiveXmlElementsSubscriptsAndProse() {
        assertEquals("<password>[REDACTED:password]</password><id>x</id>",
                r.redact("<password>S3cret!</password><id>x</id>"));
        assertEquals("os.environ[\"API_KEY\"]=\"[REDACTED:api_key]\"", r.redact("os.environ[\"API_KEY\"]=\"k123\""));
        assertEquals("my password is [REDACTED:secret].", r.redact("my password is hunter2."));
    }

    @Test
    void redact_handlesTextThatWasJsonEncodedTwice() {
        // a tool's JSON output held in a string: line breaks are \n escapes
        String text = "{\"content\": \"db:\\n  password: yamlPw1\\n  pool: 5\\nDB_PASSWORD=envPw2\\nDEBUG=1\"}";
        assertEquals("{\"content\": \"db:\\n  password: [REDACTED:password]\\n  pool: 5\\n"
                + "DB_PASSWORD=[REDACTED:password]\\nDEBUG=1\"}", r.redact(text));
    }

    @Test
    void redact_redactsAwsSecretKeysAfterTheirNameInAnyForm() {
        String key = SecretCorpus.AWS_SECRET;
        assertEquals("aws configure set aws_secret_access_key [REDACTED:aws_secret_key]",
                r.redact("aws configure set aws_secret_access_key " + key));
        assertEquals("{\"SecretAccessKey\": \"[REDACTED:aws_secret_key]\"}",
                r.redact("{\"SecretAccessKey\": \"" + key + "\"}"));
        assertEquals("https://b.s3.amazonaws.com/f?X-Amz-Signature=[REDACTED:signature]&x=1",
                r.redact("https://b.s3.amazonaws.com/f?X-Amz-Signature=ab12cd&x=1"));
    }

    @Test
    void redact_redactsFlagsWithSensitiveNames() {
        assertEquals("tool --api-key=[REDACTED:api_key] --verbose", r.redact("tool --api-key=abc123 --verbose"));
        assertEquals("mysql --password [REDACTED:password] -h db", r.redact("mysql --password Pw0rd99 -h db"));
        assertEquals("curl -u admin:[REDACTED:password] https://x", r.redact("curl -u admin:Adm1nPw https://x"));
    }

    @Test
    void redact_isIdempotent() {
        for (String text : SecretCorpus.TEXTS) {
            String once = r.redact(text);
            assertEquals(once, r.redact(once));
        }
    }

    @Test
    void redact_returnsNullAndEmptyAsGiven() {
        assertNull(r.redact((String) null));
        assertEquals("", r.redact(""));
    }

    @Test
    void redactValue_replacesValuesUnderSensitiveKeysWhateverTheirSpelling() {
        List<String> sensitive = List.of("password", "Password", "passwd", "secret", "token", "api_key", "apiKey",
                "API-KEY", "X-Api-Key", "x_api_key", "authorization", "private_key", "privateKey", "client_secret",
                "clientSecret", "AWS_SECRET_ACCESS_KEY", "aws_secret_access_key", "SecretAccessKey", "GITHUB_TOKEN",
                "access_token", "refreshToken", "DB_PASSWORD", "credentials", "connection_string", "DATABASE_URL",
                "cookie", "Set-Cookie", "x-auth-token", "STRIPE_SECRET_KEY", "passphrase");
        for (String key : sensitive) {
            Object out = r.redactValue(Map.of(key, "v4lue-Of-" + key));
            String written = Json.write(out);
            assertFalse(written.contains("v4lue-Of-"), key + " -> " + written);
            assertTrue(written.contains("[REDACTED:"), key + " -> " + written);
        }
    }

    @Test
    void redactValue_keepsCountersAndOrdinaryKeysContainingSensitiveWords() {
        List<String> ordinary = List.of("input_tokens", "max_tokens", "token_count", "output_tokens", "tokens",
                "total_tokens", "tokenizer", "token_type", "progressToken", "next_page_token", "password_hint",
                "password_policy", "secret_name", "key", "cache_key", "sort_key", "author", "session_id",
                "keyboard", "primary_key", "eos_token", "passwordless");
        for (String key : ordinary) {
            Map<String, Object> in = Map.of(key, "plain value 42");
            assertEquals(in, r.redactValue(in), key);
        }
    }

    @Test
    void redactValue_judgesNestedObjectsByTheirOwnKeysAndKeepsNumbers() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("password", ordered("min_length", 8, "hint", "a word"));
        in.put("secret", List.of("p1x", "q2y"));
        in.put("token", 12345);
        in.put("api_key", true);
        in.put("auth", ordered("password", "pw-9x", "user", "bob"));
        Object out = r.redactValue(in);
        assertEquals("{\"password\":{\"min_length\":8,\"hint\":\"a word\"},"
                + "\"secret\":[\"[REDACTED:secret]\",\"[REDACTED:secret]\"],\"token\":12345,\"api_key\":true,"
                + "\"auth\":{\"password\":\"[REDACTED:password]\",\"user\":\"bob\"}}",
                Json.write(out));
    }

    private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    @Test
    void redactValue_redactsSecretKeysWithoutLosingEntries() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put(SecretCorpus.GITHUB_OAUTH, 1);
        in.put(SecretCorpus.GITHUB_USER, 2);
        in.put("plain", 3);
        assertEquals("{\"[REDACTED:github_token]\":1,\"[REDACTED:github_token]#2\":2,\"plain\":3}",
                Json.write(r.redactValue(in)));
    }

    @Test
    void redactValue_redactsTheValueOfNameValuePairs() {
        Object out = r.redactValue(List.of(Map.of("name", "DB_PASSWORD", "value", "pw-in-k8s-1"),
                Map.of("name", "PATH", "value", "/usr/bin")));
        String written = Json.write(out);
        assertFalse(written.contains("pw-in-k8s-1"), written);
        assertTrue(written.contains("/usr/bin"), written);
    }

    @Test
    void redactValue_keepsPlaceholdersAndEmptyValuesUnderSensitiveKeys() {
        Map<String, Object> in = Map.of("GITHUB_TOKEN", "${GITHUB_TOKEN}", "password", "", "secret", "<your-secret>");
        assertEquals(in, r.redactValue(in));
    }

    @Test
    void redactValue_keepsTheAuthorizationScheme() {
        Object out = r.redactValue(Map.of("Authorization", "Bearer opaque-abc"));
        assertEquals(Map.of("Authorization", "Bearer [REDACTED:authorization]"), out);
    }

    @Test
    void redactValue_copiesAndNeverMutatesItsInput() {
        Map<String, Object> inner = new LinkedHashMap<>(Map.of("password", "pw-1234"));
        List<Object> list = new ArrayList<>(List.of(inner, SecretCorpus.GITHUB_OAUTH));
        Map<String, Object> in = new LinkedHashMap<>(Map.of("list", list));
        Object out = r.redactValue(in);
        assertEquals("pw-1234", inner.get("password"));
        assertEquals(SecretCorpus.GITHUB_OAUTH, list.get(1));
        assertFalse(Json.write(out).contains("pw-1234"));
    }

    @Test
    void disabled_returnsEverythingUnchangedAndTheSameInstances() {
        Redactor off = Redactor.disabled();
        assertFalse(off.enabled());
        Map<String, Object> data = Map.of("password", "x", "text", SecretCorpus.OPENAI_LEGACY);
        assertSame(data, off.redactValue(data));
        assertSame(SecretCorpus.OPENAI_LEGACY, off.redact(SecretCorpus.OPENAI_LEGACY));
        TraceEvent e = TraceEvent.of(EventType.TOOL_CALL, 1.0, "e1", "s1", null, null, data);
        assertSame(e, off.redact(e));
        Map<String, List<String>> headers = Map.of("Authorization", List.of("Bearer x"));
        assertSame(headers, off.redactHeaders(headers));
    }

    @Test
    void forCapture_isOnByDefaultAndOffOnlyWhenAsked() {
        assertTrue(Redactor.forCapture(false, Map.of()).enabled());
        assertTrue(Redactor.forCapture(false, Map.of("AGENT_TRACE_REDACT", "1")).enabled());
        assertTrue(Redactor.forCapture(false, Map.of("AGENT_TRACE_REDACT", "true")).enabled());
        assertFalse(Redactor.forCapture(true, Map.of()).enabled());
        for (String off : List.of("0", "false", "no", "off", " OFF ")) {
            assertFalse(Redactor.forCapture(false, Map.of("AGENT_TRACE_REDACT", off)).enabled(), off);
        }
        assertSame(Redactor.standard(), Redactor.forCapture(false, Map.of()));
    }

    @Test
    void redactEvent_redactsDataAndKeepsIdsAndTiming() {
        TraceEvent e = TraceEvent.of(EventType.TOOL_CALL, 12.5, "ev1", "sess1", "parent1", 3.0,
                Map.of("command", "export TOKEN=" + SecretCorpus.GITHUB_PAT_CLASSIC));
        TraceEvent out = r.redact(e);
        assertEquals("export TOKEN=[REDACTED:github_token]", out.data().get("command"));
        assertEquals(List.of("ev1", "sess1", "parent1"), List.of(out.eventId(), out.sessionId(), out.parentId()));
        assertEquals(12.5, out.timestamp());
        assertEquals(3.0, out.durationMs());
    }

    @Test
    void redactMeta_redactsTheCommandLineAndAttribution() {
        SessionMeta meta = SessionMeta.start("s1", 1.0, "agent", "npx server --api-key " + SecretCorpus.ANTHROPIC)
                .withAttribution(Map.of("token", "t0ken-99"));
        SessionMeta out = r.redact(meta);
        assertEquals("npx server --api-key [REDACTED:anthropic_key]", out.command());
        assertEquals(Map.of("token", "[REDACTED:token]"), out.attribution());
        assertEquals("agent", out.agentName());
    }

    @Test
    void redactHeaders_replacesSensitiveHeaderValuesAndScansTheRest() {
        Map<String, List<String>> in = new LinkedHashMap<>();
        in.put("Authorization", List.of("Bearer " + SecretCorpus.BEARER_OPAQUE));
        in.put("Cookie", List.of("sid=abc; theme=dark"));
        in.put("X-Api-Key", List.of("abc"));
        in.put("X-Debug", List.of("upstream key " + SecretCorpus.OPENAI_LEGACY));
        in.put("Content-Type", List.of("application/json"));
        Map<String, List<String>> out = r.redactHeaders(in);
        assertEquals(List.of("Bearer [REDACTED:authorization]"), out.get("Authorization"));
        assertEquals(List.of("[REDACTED:cookie]"), out.get("Cookie"));
        assertEquals(List.of("[REDACTED:api_key]"), out.get("X-Api-Key"));
        assertEquals(List.of("upstream key [REDACTED:openai_key]"), out.get("X-Debug"));
        assertEquals(List.of("application/json"), out.get("Content-Type"));
        assertEquals(List.of("sid=abc; theme=dark"), in.get("Cookie"));
        assertTrue(r.isSensitiveName("proxy-authorization"));
        assertFalse(r.isSensitiveName("content-length"));
    }

    @Test
    void detectorNames_listsTheBuiltIns() {
        assertTrue(Redactor.detectorNames().containsAll(List.of("openai_key", "anthropic_key", "jwt", "key_value",
                "private_key", "url_password", "bearer_token", "basic_auth")));
    }
}
