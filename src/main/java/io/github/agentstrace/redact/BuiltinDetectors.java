package io.github.agentstrace.redact;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

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

    private BuiltinDetectors() {
    }

    static List<Detector> secrets(SensitiveKeys keys) {
        return List.of(
                regex("private_key", "private_key",
                        "-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?"
                                + "(?:-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|\\z)",
                        0, null, 0, "-----BEGIN"),
                regex("anthropic_key", "anthropic_key", B + "sk-ant-[A-Za-z0-9_-]{10,}", 0, null, 1,
                        "sk-ant-"),
                regex("openai_key", "openai_key",
                        B + "sk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}", 0,
                        BuiltinDetectors::isOpenAiBody, 2, "sk-"),
                regex("github_token", "github_token",
                        B + "(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})", 0, null, 2,
                        "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
                regex("gitlab_token", "gitlab_token", B + "gl(?:pat|dt|rt|ptt|cbt|oas)-[A-Za-z0-9_-]{20,}", 0,
                        null, 2, "glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "gloas-"),
                regex("slack_token", "slack_token", B + "(?:xox[abposre]-[A-Za-z0-9-]{10,}|xapp-[0-9]-[A-Za-z0-9-]{10,})",
                        0, null, 2, "xox", "xapp-"),
                regex("slack_webhook", "slack_webhook",
                        "hooks\\.slack\\.com/(?:services|workflows|triggers)/([A-Za-z0-9_/-]{10,})", 1, null, 2,
                        "hooks.slack.com"),
                regex("aws_access_key_id", "aws_access_key_id", "(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])",
                        0, null, 2, "AKIA", "ASIA"),
                regex("google_api_key", "google_api_key", B + "AIza[0-9A-Za-z_-]{35}" + E, 0, null, 2, "AIza"),
                regex("google_oauth_token", "google_oauth_token", B + "ya29\\.[0-9A-Za-z_-]{20,}", 0, null, 2, "ya29."),
                regex("stripe_key", "stripe_key", B + "(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9+/=]{24,})",
                        0, null, 2, "sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"),
                regex("npm_token", "npm_token", B + "npm_[A-Za-z0-9]{36}" + E, 0, null, 2, "npm_"),
                regex("huggingface_token", "huggingface_token", B + "hf_[A-Za-z0-9]{30,}" + E, 0, null, 2,
                        "hf_"),
                regex("sendgrid_key", "sendgrid_key", B + "SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}", 0, null, 2,
                        "SG."),
                regex("jwt", "jwt", B + "eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*", 0, null, 3,
                        "eyJ"),
                regex("mailgun_style_key", "api_key", B + "(?:key|token)-[A-Za-z0-9]{16,}" + E, 0, null, 3,
                        "key-", "token-"),
                regex("bearer_token", "bearer_token", "(?i)\\bbearer\\s+([A-Za-z0-9._~+/_-]{8,}=*)", 1,
                        BuiltinDetectors::isBearerValue, 4, "bearer"),
                regex("basic_auth", "basic_auth", "(?i)\\bbasic\\s+([A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])", 1,
                        Checks::isBasicCredential, 4, "basic"),
                regex("url_password", "password",
                        "\\b[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\\s:/?#@\"'<>\\[\\]{}]*:([^\\s/?#\"'<>]+)@", 1,
                        v -> !Checks.isPlaceholder(v), 5, "://"),
                regex("cli_user_password", "password",
                        "(?<![A-Za-z0-9_-])(?:-u|--user)[ \\t=]+['\"]?[^\\s:'\"]+:([^\\s'\"]+)", 1,
                        v -> !Checks.isPlaceholder(v) && !v.chars().allMatch(Character::isDigit), 5, "-u", "--user"),
                new FlagDetector(keys),
                new KeyValueDetector(keys));
    }

    /** Personal data, for {@code --mask-pii}: markers read {@code [MASKED:type]}. */
    static List<Detector> pii() {
        String[] digits = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
        return List.of(
                regex("email", Markers.PII_PREFIX + "email",
                        "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![A-Za-z0-9-])",
                        0, null, 20, "@"),
                regex("phone", Markers.PII_PREFIX + "phone",
                        "(?<![\\w+.-])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{3}\\)[ .-]?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}(?![\\w-])"
                                + "|(?<![\\w+.-])\\+\\d{1,3}(?:[ .-]\\d{1,4}){2,5}(?![\\w-])",
                        0, BuiltinDetectors::phoneDigits, 21, digits),
                regex("card_number", Markers.PII_PREFIX + "card_number", "(?<![\\d.-])(?:\\d[ -]?){12,18}\\d(?![\\d.-])",
                        0, BuiltinDetectors::isCardNumber, 20, digits));
    }

    /**
     * After {@code sk-}: a long run without separators is a key; with separators ({@code sk-chasing-dots-...},
     * a CSS class) it must also look generated.
     */
    private static boolean isOpenAiBody(String v) {
        String body = v.substring(3);
        for (String p : new String[] {"proj-", "svcacct-", "admin-", "None-"}) {
            if (body.startsWith(p)) {
                return true;
            }
        }
        return body.indexOf('-') < 0 && body.indexOf('_') < 0 || Checks.looksRandom(body);
    }

    /** A Bearer credential looks generated or carries token punctuation; "Bearer authentication" does not. */
    private static boolean isBearerValue(String v) {
        if (Checks.looksRandom(v)) {
            return true;
        }
        for (int i = 0; i < v.length(); i++) {
            if ("._~+/-=".indexOf(v.charAt(i)) >= 0 && i < v.length() - 1) {
                return true;
            }
        }
        return false;
    }

    private static boolean phoneDigits(String v) {
        long n = v.chars().filter(Character::isDigit).count();
        return n >= 10 && n <= 15;
    }

    /** 13-19 digits with a card issuer's prefix and a valid Luhn check digit. */
    static boolean isCardNumber(String v) {
        String d = v.replace(" ", "").replace("-", "");
        if (d.length() < 13 || d.length() > 19) {
            return false;
        }
        int two = Integer.parseInt(d.substring(0, 2));
        int four = Integer.parseInt(d.substring(0, 4));
        boolean issuer = d.charAt(0) == '4' || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)
                || two == 34 || two == 37 || four == 6011 || two == 65 || (four >= 6440 && four <= 6499)
                || two == 35 || two == 36 || two == 38 || two == 30;
        return issuer && Checks.luhn(d);
    }

    private static Detector regex(String name, String type, String regex, int group, Predicate<String> check,
                                  int priority, String... triggers) {
        return new PatternDetector(name, type, Pattern.compile(regex), group, triggers, check, priority);
    }
}
