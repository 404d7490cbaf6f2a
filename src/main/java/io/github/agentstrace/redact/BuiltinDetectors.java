package io.github.agentstrace.redact;

import java.util.List;

/**
 * The secret formats recognised out of the box, compiled once per process. Lower priority numbers win when
 * two finds overlap, so a specific format ({@code openai_key}) names the marker rather than the generic
 * {@code KEY=value} find around it.
 */
final class BuiltinDetectors {
    /** Not preceded by a token character: keys are matched only where they start. */
    private static final String B = "(?<![A-Za-z0-9_-])";
    /** Not followed by a token character: fixed-length formats must end there. */
    private static final String E = "(?![A-Za-z0-9_-])";
    /** Real or escaped ({@code \\n} in JSON text) line breaks and blanks. */
    private static final String BREAK = "(?:\\s|\\\\[rnt])";
    /**
     * A PEM private key: the BEGIN line, optional headers, a base64 body, and the END line when present (a
     * truncated block ends with its body). Requiring a body keeps code that merely names the header intact.
     * Possessive quantifiers keep it linear.
     */
    private static final String PEM_PRIVATE_KEY = "-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----" + BREAK + "++"
            + "(?:[A-Za-z-]{1,30}: [^\\r\\n\\\\]*+" + BREAK + "++)*+"
            + "[A-Za-z0-9+/=]{16,}+(?:" + BREAK + "++[A-Za-z0-9+/=]++)*+"
            + "(?:" + BREAK + "*+-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)?";
    private static final String SCHEME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+.-";

    private BuiltinDetectors() {
    }

    static List<Detector> secrets(SensitiveKeys keys) {
        return List.of(
                token("private_key", "private_key", PEM_PRIVATE_KEY, 0, Check.NONE, 0, "-----BEGIN"),
                token("anthropic_key", "anthropic_key", B + "sk-ant-[A-Za-z0-9_-]{10,}", 0, Check.NONE, 1, "sk-ant-"),
                token("openai_key", "openai_key",
                        B + "sk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}", 0, Check.OPENAI_BODY, 2,
                        "sk-"),
                token("github_token", "github_token",
                        B + "(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})", 0, Check.NONE, 2,
                        "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
                token("gitlab_token", "gitlab_token", B + "gl(?:pat|dt|rt|ptt|cbt|oas)-[A-Za-z0-9_-]{20,}", 0,
                        Check.NONE, 2, "glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "gloas-"),
                token("slack_token", "slack_token",
                        B + "(?:xox[abposre]-[A-Za-z0-9-]{10,}|xapp-[0-9]-[A-Za-z0-9-]{10,})", 0, Check.NONE, 2,
                        "xox", "xapp-"),
                token("slack_webhook", "slack_webhook",
                        "hooks\\.slack\\.com/(?:services|workflows|triggers)/([A-Za-z0-9_/-]{10,})", 1, Check.NONE, 2,
                        "hooks.slack.com"),
                token("aws_access_key_id", "aws_access_key_id",
                        "(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])", 0, Check.NONE, 2, "AKIA", "ASIA"),
                token("aws_secret_key", "aws_secret_key",
                        "(?i)(?:aws_?)?secret_?access_?key[\"']?[ \\t]*[=:,]?[ \\t]*[\"']?"
                                + "([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])",
                        1, Check.NONE, 2, "aws_secret_access_key", "secret_access_key", "awssecretaccesskey",
                        "secretaccesskey"),
                token("google_api_key", "google_api_key", B + "AIza[0-9A-Za-z_-]{35}" + E, 0, Check.NONE, 2, "AIza"),
                token("google_oauth_token", "google_oauth_token", B + "ya29\\.[0-9A-Za-z_-]{20,}", 0, Check.NONE, 2,
                        "ya29."),
                token("stripe_key", "stripe_key",
                        B + "(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9+/=]{24,})", 0, Check.NONE, 2,
                        "sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"),
                token("npm_token", "npm_token", B + "npm_[A-Za-z0-9]{36}" + E, 0, Check.NONE, 2, "npm_"),
                token("huggingface_token", "huggingface_token", B + "hf_[A-Za-z0-9]{30,}" + E, 0, Check.NONE, 2,
                        "hf_"),
                token("sendgrid_key", "sendgrid_key", B + "SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}", 0,
                        Check.NONE, 2, "SG."),
                token("jwt", "jwt", B + "eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*", 0,
                        Check.NONE, 3, "eyJ"),
                token("mailgun_style_key", "api_key", B + "(?:key|token)-[A-Za-z0-9]{16,}" + E, 0, Check.NONE, 3,
                        "key-", "token-"),
                token("bearer_token", "bearer_token", "(?i)\\bbearer\\s+([A-Za-z0-9._~+/_-]{8,}=*)", 1,
                        Check.BEARER, 4, "bearer"),
                token("basic_auth", "basic_auth", "(?i)\\bbasic\\s+([A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])", 1,
                        Check.BASIC, 4, "basic"),
                PatternDetector.anchored("url_password", "password",
                        "\\b[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\\s:/?#@\"'<>\\[\\]{}]*:([^\\s/?#\"'<>]+)@", 1,
                        Check.NOT_PLACEHOLDER, 5, SCHEME_CHARS, 21, "://"),
                token("cli_user_password", "password",
                        "(?<![A-Za-z0-9_-])(?:-u|--user)[ \\t=]+['\"]?[^\\s:'\"]+:([^\\s'\"]+)", 1,
                        Check.PASSWORD_NOT_NUMBER, 5, "-u", "--user"),
                token("prose_secret", "secret",
                        "(?i)(?<![A-Za-z0-9_])(?:password|passphrase|passwd|pwd|token|secret|key)"
                                + "\\s+(?:is|was)\\s*:?\\s+"
                                + "[\"'`]?([^\\s\"'`]{3,}[^\\s\"'`.,;:!?)])",
                        1, Check.GENERATED, 9, "password is", "password was", "passphrase is", "passwd is", "pwd is",
                        "token is", "token was", "secret is", "secret was", "key is", "key was"),
                new FlagDetector(keys),
                new KeyValueDetector(keys),
                new XmlElementDetector(keys));
    }

    /** Personal data, for {@code --mask-pii}: markers read {@code [MASKED:type]}. */
    static List<Detector> pii() {
        String[] digits = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
        return List.of(
                PatternDetector.scanning("email", Markers.PII_PREFIX + "email",
                        "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"
                                + "(?![A-Za-z0-9-])",
                        0, Check.NONE, 20, "@"),
                PatternDetector.scanning("phone", Markers.PII_PREFIX + "phone",
                        "(?<![\\w+.-])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{3}\\)[ .-]?|\\d{3}[ .-])"
                                + "\\d{3}[ .-]\\d{4}(?![\\w-])"
                                + "|(?<![\\w+.-])\\+\\d{1,3}(?:[ .-]\\d{1,4}){2,5}(?![\\w-])",
                        0, Check.PHONE, 21, digits),
                PatternDetector.scanning("card_number", Markers.PII_PREFIX + "card_number",
                        "(?<![\\d.-])(?:\\d[ -]?){12,18}\\d(?![\\d.-])", 0, Check.CARD, 20, digits));
    }

    private static Detector token(String name, String type, String regex, int group, Check check, int priority,
                                  String... triggers) {
        return PatternDetector.anchored(name, type, regex, group, check, priority, null, 0, triggers);
    }
}
