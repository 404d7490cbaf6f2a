package io.github.agentstrace.redact;

/**
 * Post-match tests that tell a real credential from text that only has its shape. An enum rather than lambdas:
 * a hook process pays for every lambda it bootstraps, and these run in one.
 */
enum Check {
    NONE, OPENAI_BODY, BEARER, GENERATED, BASIC, NOT_PLACEHOLDER, PASSWORD_NOT_NUMBER, PHONE, CARD;

    private static final String[] OPENAI_KINDS = {"proj-", "svcacct-", "admin-", "None-"};

    boolean test(String v) {
        switch (this) {
            case OPENAI_BODY:
                return isOpenAiBody(v);
            case BEARER:
                return isBearerValue(v);
            case GENERATED:
                return Checks.looksRandom(v) && !Checks.isIdentifierPath(v, true);
            case BASIC:
                return Checks.isBasicCredential(v);
            case NOT_PLACEHOLDER:
                return !Checks.isPlaceholder(v);
            case PASSWORD_NOT_NUMBER:
                return !Checks.isPlaceholder(v) && !allDigits(v);
            case PHONE:
                return phoneDigits(v);
            case CARD:
                return isCardNumber(v);
            default:
                return true;
        }
    }

    /**
     * After {@code sk-}: a long run without separators is a key; with separators ({@code sk-chasing-dots-...},
     * a CSS class) it must also look generated.
     */
    private static boolean isOpenAiBody(String v) {
        String body = v.substring(3);
        for (String p : OPENAI_KINDS) {
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
        for (int i = 0; i < v.length() - 1; i++) {
            if ("._~+/-=".indexOf(v.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean allDigits(String v) {
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean phoneDigits(String v) {
        int n = 0;
        for (int i = 0; i < v.length(); i++) {
            if (Character.isDigit(v.charAt(i))) {
                n++;
            }
        }
        return n >= 10 && n <= 15;
    }

    /** 13-19 digits with a card issuer's prefix and a valid Luhn check digit. */
    static boolean isCardNumber(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                b.append(c);
            }
        }
        String d = b.toString();
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
}
