package io.github.agentstrace.redact;

import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Test corpus for redaction, shared by every capture path's tests: credentials in each supported format (all
 * fake, generated from a fixed seed), texts and JSON values that carry them in realistic places, and look-alikes
 * that must come through byte-identical.
 *
 * <p>Typical use in a capture test: feed {@link #TEXTS} (as tool outputs, command lines, prompts) or
 * {@link #hookPayload()} through the real path, then {@link #assertNoSecrets(Path)} on the session directory.
 */
public final class SecretCorpus {
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String URLSAFE = ALNUM + "-_";
    private static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final Random RANDOM = new Random(20261124L);

    public static final String OPENAI_LEGACY = "sk-" + gen(ALNUM, 48);
    public static final String OPENAI_PROJECT = "sk-proj-" + gen(URLSAFE, 74) + "T3BlbkFJ" + gen(URLSAFE, 74);
    public static final String OPENAI_SVCACCT = "sk-svcacct-" + gen(URLSAFE, 60) + "T3BlbkFJ" + gen(URLSAFE, 60);
    public static final String ANTHROPIC = "sk-ant-api03-" + gen(URLSAFE, 93) + "AA";
    public static final String GITHUB_PAT_CLASSIC = "ghp_" + gen(ALNUM, 36);
    public static final String GITHUB_OAUTH = "gho_" + gen(ALNUM, 36);
    public static final String GITHUB_USER = "ghu_" + gen(ALNUM, 36);
    public static final String GITHUB_SERVER = "ghs_" + gen(ALNUM, 36);
    public static final String GITHUB_REFRESH = "ghr_" + gen(ALNUM, 76);
    public static final String GITHUB_FINE = "github_pat_" + gen(ALNUM, 22) + "_" + gen(ALNUM, 59);
    public static final String GITLAB = "glpat-" + gen(ALNUM, 20);
    public static final String SLACK_BOT = "xoxb-" + digits(12) + "-" + digits(13) + "-" + gen(ALNUM, 24);
    public static final String SLACK_USER = "xoxp-" + digits(12) + "-" + digits(12) + "-" + digits(13) + "-" + gen("0123456789abcdef", 32);
    public static final String AWS_KEY_ID = "AKIA" + gen(UPPER_DIGITS, 16);
    public static final String AWS_TEMP_KEY_ID = "ASIA" + gen(UPPER_DIGITS, 16);
    public static final String AWS_SECRET = gen(ALNUM, 18) + "/" + gen(ALNUM, 11) + "+" + gen(ALNUM, 9);
    public static final String GOOGLE = "AIza" + gen(URLSAFE.replace("_", "").replace("-", ""), 35);
    public static final String STRIPE_LIVE = "sk_live_" + gen(ALNUM, 24);
    public static final String STRIPE_RESTRICTED = "rk_live_" + gen(ALNUM, 24);
    public static final String NPM = "npm_" + gen(ALNUM, 36);
    public static final String HUGGING_FACE = "hf_" + gen(ALNUM, 34);
    public static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            + b64url("{\"sub\":\"" + gen(ALNUM, 12) + "\",\"name\":\"Jane\",\"iat\":1516239022}") + "."
            + gen(URLSAFE, 43);
    public static final String BEARER_OPAQUE = gen(ALNUM, 32);
    public static final String BASIC_PASSWORD = "Ba5ic-" + gen(ALNUM, 10);
    public static final String BASIC = Base64.getEncoder().encodeToString(
            ("admin:" + BASIC_PASSWORD).getBytes(StandardCharsets.UTF_8));
    public static final String PEM_BODY_LINE = gen(ALNUM, 64);
    public static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\n" + "MIIEpAIBAAKCAQEA" + gen(ALNUM, 48) + "\n"
            + PEM_BODY_LINE + "\n" + gen(ALNUM, 40) + "==\n-----END RSA PRIVATE KEY-----";
    public static final String OPENSSH_BODY_LINE = gen(ALNUM, 70);
    public static final String OPENSSH = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA"
            + gen(ALNUM, 46) + "\n" + OPENSSH_BODY_LINE + "\n-----END OPENSSH PRIVATE KEY-----\n";
    public static final String URL_PASSWORD = "Url-Pa55-" + gen(ALNUM, 8);
    public static final String DB_PASSWORD = "Db-Pa55-" + gen(ALNUM, 10);
    public static final String MONGO_PASSWORD = "M0ngo" + gen(ALNUM, 12);
    public static final String ADO_PASSWORD = "Ado!" + gen(ALNUM, 12);
    public static final String JSON_PASSWORD = "hunter2-" + gen(ALNUM, 10);
    public static final String ENV_PASSWORD = "EnvPa55" + gen(ALNUM, 9);
    public static final String API_KEY_PLAIN = "key" + gen(ALNUM, 28);
    public static final String HEADER_API_KEY = "xk" + gen(ALNUM, 26);
    public static final String CLIENT_SECRET = gen(ALNUM, 40);
    public static final String COOKIE_SESSION = gen(ALNUM, 30);
    public static final String YAML_PASSWORD = "YamlPass" + gen(ALNUM, 8);
    public static final String FLAG_PASSWORD = "Fl4g" + gen(ALNUM, 10);
    public static final String CURL_USER_PASSWORD = "CurlPa55" + gen(ALNUM, 6);
    public static final String QUERY_TOKEN = gen(ALNUM, 24);
    public static final String XML_PASSWORD = "Xml!" + gen(ALNUM, 12);
    public static final String SUBSCRIPT_SECRET = "sub" + gen(ALNUM, 20);
    public static final String PROSE_PASSWORD = "Pr0se" + gen(ALNUM, 8);

    /** Every raw secret the texts and values below contain: none may appear in a stored byte. */
    public static final List<String> SECRETS = List.of(
            OPENAI_LEGACY, OPENAI_PROJECT, OPENAI_SVCACCT, ANTHROPIC, GITHUB_PAT_CLASSIC, GITHUB_OAUTH, GITHUB_USER,
            GITHUB_SERVER, GITHUB_REFRESH, GITHUB_FINE, GITLAB, SLACK_BOT, SLACK_USER, AWS_KEY_ID, AWS_TEMP_KEY_ID,
            AWS_SECRET, GOOGLE, STRIPE_LIVE, STRIPE_RESTRICTED, NPM, HUGGING_FACE, JWT, BEARER_OPAQUE, BASIC,
            PEM_BODY_LINE, OPENSSH_BODY_LINE, URL_PASSWORD, DB_PASSWORD, MONGO_PASSWORD, ADO_PASSWORD,
            JSON_PASSWORD, ENV_PASSWORD, API_KEY_PLAIN, HEADER_API_KEY, CLIENT_SECRET, COOKIE_SESSION,
            YAML_PASSWORD, FLAG_PASSWORD, CURL_USER_PASSWORD, QUERY_TOKEN, XML_PASSWORD, SUBSCRIPT_SECRET,
            PROSE_PASSWORD);

    /** Credentials recognised by their format alone, each of which must vanish from any text. */
    public static final List<String> FORMAT_SECRETS = List.of(
            OPENAI_LEGACY, OPENAI_PROJECT, OPENAI_SVCACCT, ANTHROPIC, GITHUB_PAT_CLASSIC, GITHUB_OAUTH, GITHUB_USER,
            GITHUB_SERVER, GITHUB_REFRESH, GITHUB_FINE, GITLAB, SLACK_BOT, SLACK_USER, AWS_KEY_ID, AWS_TEMP_KEY_ID,
            GOOGLE, STRIPE_LIVE, STRIPE_RESTRICTED, NPM, HUGGING_FACE, JWT, PEM, OPENSSH);

    /** Texts carrying secrets the way agents meet them: commands, .env files, configs, logs, JSON as text. */
    public static final List<String> TEXTS = List.of(
            // shell commands
            "curl -sS -H 'Authorization: Bearer " + BEARER_OPAQUE + "' https://api.example.com/v1/me",
            "curl -H \"X-Api-Key: " + HEADER_API_KEY + "\" -d '{\"q\":1}' https://api.example.com/search",
            "export OPENAI_API_KEY=" + OPENAI_PROJECT + " && python agent.py",
            "ANTHROPIC_API_KEY=" + ANTHROPIC + " claude -p 'hello'",
            "git clone https://x-access-token:" + GITHUB_SERVER + "@github.com/acme/app.git",
            "gh auth login --with-token <<< " + GITHUB_PAT_CLASSIC,
            "mysql --user=root --password " + FLAG_PASSWORD + " -h db.internal",
            "curl -u deploy:" + CURL_USER_PASSWORD + " https://ci.example.com/api/json",
            "curl 'https://api.example.com/v2/items?limit=10&access_token=" + QUERY_TOKEN + "&page=2'",
            "docker login -u ci --password-stdin <<< " + GITLAB,
            "wget --header='Authorization: Basic " + BASIC + "' https://intranet.example.com/report.csv",
            // .env and ini files, as the Read tool returns them
            "# local settings\nDB_HOST=localhost\nDB_PASSWORD=" + ENV_PASSWORD + "\nSTRIPE_SECRET_KEY=" + STRIPE_LIVE
                    + "\nexport AWS_SECRET_ACCESS_KEY=" + AWS_SECRET + "\nHF_TOKEN=\"" + HUGGING_FACE + "\"\n"
                    + "NPM_TOKEN='" + NPM + "'\nDEBUG=true\n",
            "[default]\naws_access_key_id = " + AWS_KEY_ID + "\naws_secret_access_key = " + AWS_SECRET
                    + "\nregion = eu-west-1\n",
            "     1\tSLACK_BOT_TOKEN=" + SLACK_BOT + "\n     2\tGOOGLE_API_KEY=" + GOOGLE + "\n",
            // URLs and connection strings
            "DATABASE_URL=postgres://app:" + DB_PASSWORD + "@db.internal:5432/prod?sslmode=require",
            "connecting to mongodb+srv://reporting:" + MONGO_PASSWORD + "@cluster0.ab1cd.mongodb.net/analytics ...",
            "Server=tcp:sql.example.net,1433;Database=orders;User Id=sa;Password=" + ADO_PASSWORD + ";Encrypt=true;",
            "fetching https://ops:" + URL_PASSWORD + "@registry.example.com/v2/_catalog",
            // config files
            "database:\n  host: db.internal\n  password: " + YAML_PASSWORD + "\n  pool: 5\n",
            "{\n  \"client_id\": \"web-app\",\n  \"client_secret\": \"" + CLIENT_SECRET + "\",\n  \"api_key\": \""
                    + API_KEY_PLAIN + "\"\n}",
            "{\\\"password\\\": \\\"" + JSON_PASSWORD + "\\\", \\\"user\\\": \\\"bob\\\"}",
            "Set-Cookie: session=" + COOKIE_SESSION + "; Path=/; HttpOnly",
            "cat ~/.ssh/id_rsa\n" + PEM + "\n",
            "key file:\n" + OPENSSH,
            "<settings><servers><server><id>central</id><username>ci</username><password>" + XML_PASSWORD
                    + "</password></server></servers></settings>",
            "import os\nos.environ[\"PAYMENTS_SECRET\"] = \"" + SUBSCRIPT_SECRET + "\"\n",
            // logs and prose
            "The staging password is " + PROSE_PASSWORD + ", please rotate it after the demo.",
            "INFO auth ok token=" + JWT + " user=42",
            "Using key " + OPENAI_LEGACY + " for org; fallback " + OPENAI_SVCACCT,
            "gho: " + GITHUB_OAUTH + ", ghu: " + GITHUB_USER + ", refresh " + GITHUB_REFRESH + ", fine-grained "
                    + GITHUB_FINE,
            "slack user token " + SLACK_USER + " rotated; temp creds " + AWS_TEMP_KEY_ID + " and " + STRIPE_RESTRICTED);

    /** Strings that resemble secrets or mention them, and must be stored unchanged. */
    public static final List<String> LOOK_ALIKES = List.of(
            "3f786850e387550fdab836ed7e6dc881de23001b",
            "commit 3f786850e387550fdab836ed7e6dc881de23001b\nMerge: 1a2b3c4 5d6e7f8\nDate:   Mon Nov 23 2026",
            "b0e0a9aa-683d-4f97-b020-e509b06f918e",
            "{\"session_id\":\"b0e0a9aa-683d-4f97-b020-e509b06f918e\",\"tool_use_id\":\"toolu_01ABCdefGHIjklMNOpqrSTu\"}",
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  dist/app.tar.gz",
            "data:image/png;base64," + imageBase64(),
            "{\"usage\": {\"input_tokens\": 1200, \"output_tokens\": 340, \"cache_read_input_tokens\": 0}}",
            "max_tokens=4096 token_count=17 total_tokens: 1540",
            "const tokenCount = tokenizer.encode(prompt).length;\nif (tokenCount > MAX_TOKENS) { truncate(); }",
            "TOKEN_LIMIT = 4096\ndef refresh_token_if_needed(self):\n    return self.get_access_token()",
            "def check_password(password: str) -> bool:\n    return bcrypt.checkpw(password.encode(), self.password_hash)",
            "password = getpass.getpass(\"Password: \")\nuser.set_password(password)",
            "    this.password = password;\n    login(username=username, password=password)",
            "if (password.length < 8) { throw new Error(\"password too short\"); }",
            "String password = request.getParameter(\"password\");",
            "token := os.Getenv(\"GITHUB_TOKEN\")",
            "api_key = os.environ[\"OPENAI_API_KEY\"]",
            "headers = {\"Authorization\": f\"Bearer {token}\"}",
            "function connect(apiKey: string, accessToken: string) {\n  return { refreshToken: newToken, apiKey };\n}",
            "API token: see below. Your password: must be 12 characters long.",
            "<input type=\"password\" name=\"password\" placeholder=\"Password\">",
            "print(\"Enter your password: \" + hint, \"x\")",
            "{\"type\":\"object\",\"properties\":{\"password\":{\"type\":\"string\"},\"token\":{\"type\":\"string\"}},"
                    + "\"required\":[\"password\",\"token\"]}",
            "export DB_PASSWORD=${DB_PASSWORD}\nPGPASSWORD=$PGPASSWORD psql -h db",
            "token: ${{ secrets.GITHUB_TOKEN }}",
            "password: str = Field(..., min_length=8)\ntoken: Optional[str] = None",
            "PWD=/home/dev/project\nOLDPWD=/home/dev\nHOME=/home/dev",
            "The bearer of this letter is Basic staff. Bearer authentication is configured.",
            "Use the --token flag to pass a token, and --password-file for the password.",
            "ssh -i ~/.ssh/id_ed25519 --private-key ~/.ssh/id_rsa git@github.com:acme/app.git",
            "https://github.com/acme/app/commit/3f786850e387550fdab836ed7e6dc881de23001b?page=2&per_page=50",
            "http://localhost:8080/api/v1/items ssh://git@host.example.com:22/repo.git",
            "task-management-system-config disk-usage-analyzer-report",
            "npm_config_cache=/home/dev/.npm hf_hub_download(repo_id=\"gpt2\")",
            "cursor=eyJpZCI6MTIzNH0 next_page_token=CAESBggBEAIYAw",
            "{\"token_type\": \"Bearer\", \"expires_in\": 3600}",
            "\"progressToken\": \"tok-7\", \"_meta\": {\"progressToken\": 7}",
            "ERROR: Authorization header is missing; password reset link sent.",
            "List<String> tokens = new ArrayList<String>(); Map<String, Token> byKey = new HashMap<>();",
            "<token>${env.DEPLOY_TOKEN}</token> <password></password>",
            "The password is required. The key is missing. monkey is 5",
            "os.environ[\"API_KEY\"] = api_key",
            // shapes found by running the redactor over the Python standard library and node_modules
            "  getSetCookie: kEnumerableProperty,\n  auth: parsedURL.username || parsedURL.password\n  auth: false,",
            "const UNEXPECTED_TOKEN = /^Unexpected token '?(.)'?(,)? /i\nconst USE_CREDENTIALS = 'use-credentials'",
            "fetch(url, { credentials: 'include' })\nif token is Name.Other:\n    pass",
            "_SK_START = b\"-----BEGIN OPENSSH PRIVATE KEY-----\"\n_SK_END = b\"-----END OPENSSH PRIVATE KEY-----\"",
            "'HAVE_STRUCT_PASSWD_PW_PASSWD': 1,\ndocument.cookie = \"%s\";",
            "    password=password,\n    refresh_token=refresh_token, scope=scope)",
            "    Token:   \"#d8dee9\",\n    default_token='Bearer', \"passwd:gid\",",
            "credentials = '{0}:{1}'.format(user, passwd)\nauth = \"Basic \" + standard_b64encode(user_pass)",
            "'http://username:password@host.com:80/path?query#fragment'",
            "def sign(self, rsa_private_key: str,\n         resource_owner_secret: str):",
            "{AttributeOID.CHALLENGE_PASSWORD: \"challengePassword\"}",
            "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----",
            "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----");

    private SecretCorpus() {
    }

    /**
     * A Claude Code PostToolUse-shaped payload with secrets split across nested objects and arrays, under
     * sensitive keys and in plain text.
     */
    public static Map<String, Object> hookPayload() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("session_id", "b0e0a9aa-683d-4f97-b020-e509b06f918e");
        payload.put("hook_event_name", "PostToolUse");
        payload.put("tool_name", "Bash");
        payload.put("tool_input", Map.of(
                "command", TEXTS.get(0) + " && " + TEXTS.get(2),
                "description", "call the API"));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("stdout", String.join("\n", TEXTS));
        response.put("stderr", "");
        response.put("env", List.of(
                Map.of("name", "DB_PASSWORD", "value", DB_PASSWORD),
                Map.of("name", "PATH", "value", "/usr/bin")));
        response.put("config", Map.of(
                "auth", Map.of("password", JSON_PASSWORD, "user", "bob"),
                "secrets", List.of(CLIENT_SECRET, HEADER_API_KEY),
                "nested", List.of(List.of(Map.of("deep", List.of("token " + GITHUB_OAUTH))))));
        response.put("headers", Map.of("Authorization", List.of("Bearer " + BEARER_OPAQUE),
                "X-Api-Key", HEADER_API_KEY, "Cookie", "session=" + COOKIE_SESSION));
        response.put("AWS_SECRET_ACCESS_KEY", AWS_SECRET);
        response.put("apiKey", API_KEY_PLAIN);
        payload.put("tool_response", response);
        return payload;
    }

    /** HTTP headers as a proxy records them: credentials in the sensitive ones, one in a custom header's text. */
    public static Map<String, List<String>> headers() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Authorization", List.of("Bearer " + BEARER_OPAQUE));
        h.put("X-Api-Key", List.of(HEADER_API_KEY));
        h.put("Cookie", List.of("session=" + COOKIE_SESSION + "; theme=dark"));
        h.put("Proxy-Authorization", List.of("Basic " + BASIC));
        h.put("X-Upstream-Debug", List.of("forwarded with " + OPENAI_LEGACY));
        h.put("Content-Type", List.of("application/json"));
        return h;
    }

    /**
     * Newline-delimited JSON-RPC messages (as an MCP client and server exchange them) carrying secrets in
     * arguments, in result text and in an error message.
     */
    public static List<String> jsonRpcMessages() {
        List<String> lines = new ArrayList<>();
        lines.add(Json.write(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/call", "params",
                Map.of("name", "query_db", "arguments", Map.of("dsn", "postgres://app:" + DB_PASSWORD + "@db/prod",
                        "api_key", API_KEY_PLAIN)))));
        lines.add(Json.write(Map.of("jsonrpc", "2.0", "id", 1, "result", Map.of("content",
                List.of(Map.of("type", "text", "text", TEXTS.get(11)))))));
        lines.add(Json.write(Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/call", "params",
                Map.of("name", "fetch", "arguments", Map.of("url", "https://ops:" + URL_PASSWORD
                        + "@registry.example.com/v2/", "headers", Map.of("Authorization", "token " + GITHUB_PAT_CLASSIC))))));
        lines.add(Json.write(Map.of("jsonrpc", "2.0", "id", 2, "error", Map.of("code", -32000, "message",
                "upstream rejected key " + ANTHROPIC))));
        return lines;
    }

    /**
     * Fails when any byte of any file under {@code dir} contains a secret of {@link #SECRETS}, as written or
     * JSON-escaped, or the last 12 characters of one (a partly redacted secret is still a leak).
     */
    public static void assertNoSecrets(Path dir) throws IOException {
        List<String> leaks = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        if (files.isEmpty()) {
            throw new AssertionError("no files under " + dir);
        }
        for (Path f : files) {
            String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String secret : SECRETS) {
                String escaped = Json.write(secret);
                escaped = escaped.substring(1, escaped.length() - 1);
                String tail = secret.substring(secret.length() - 12);
                if (content.contains(secret) || content.contains(escaped) || content.contains(tail)) {
                    leaks.add(dir.relativize(f) + ": " + secret);
                }
            }
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError("secrets reached disk:\n  " + String.join("\n  ", leaks));
        }
    }

    private static String gen(String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        // a generated value always mixes letters and digits, as real keys do
        if (length > 4 && b.chars().noneMatch(Character::isDigit)) {
            b.setCharAt(length / 2, '7');
        }
        return b.toString();
    }

    private static String digits(int length) {
        return gen("0123456789", length);
    }

    private static String b64url(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** 6 KB of PNG-like base64, as Claude Code's image blocks carry it. */
    static String imageBase64() {
        byte[] bytes = new byte[4608];
        new Random(7).nextBytes(bytes);
        byte[] header = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(header, 0, bytes, 0, header.length);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
