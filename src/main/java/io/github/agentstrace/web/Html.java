package io.github.agentstrace.web;

import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Puts a page together: the template, the one stylesheet and the one script (our own, from the resources
 * next to this class, inline), and the page's data as HTML-safe JSON in a {@code <script type=
 * "application/json">} element that is never executed. The script and the style are allowed by their SHA-256
 * hashes, never by {@code 'unsafe-inline'}: should data ever escape its element, it still could not run.
 */
final class Html {
    /** The id of the element that holds the page's data. */
    static final String DATA_ID = "agent-strace-data";
    /** What a page the script draws shows without it. */
    private static final String NOSCRIPT = "<noscript>This page needs JavaScript to show the session.</noscript>";

    private final String template;
    private final String style;
    private final String script;
    private final String scriptHash;
    private final String styleHash;

    private Html(String template, String style, String script) {
        this.template = template;
        this.style = style;
        this.script = script;
        this.scriptHash = sha256(script);
        this.styleHash = sha256(style);
    }

    /** The page from the resources. */
    static Html load() {
        return new Html(resource("page.html"), resource("page.css"), resource("page.js"));
    }

    /**
     * A Content-Security-Policy that allows this page's script and style and nothing else: no request of any
     * kind unless {@code self} allows the page to connect to its own server and submit a form to it (the
     * dashboard's live stream and search form; its server writes nothing, whatever it is sent).
     */
    String policy(boolean self) {
        String to = self ? "'self'" : "'none'";
        return "default-src 'none'; script-src '" + scriptHash + "'; style-src '" + styleHash + "'; img-src data:; "
                + "connect-src " + to + "; base-uri 'none'; form-action " + to;
    }

    /**
     * The whole page.
     *
     * @param title  the document's title (plain text)
     * @param data   the page's data
     * @param policy a policy to put in a {@code <meta>} element (for a file, which has no headers), or null
     */
    String page(String title, Object data, String policy) {
        return page(title, data, policy, "");
    }

    /** The whole page the script draws, under {@code nav} (markup, escaped already). */
    String page(String title, Object data, String policy, String nav) {
        return page(title, data, policy, nav, NOSCRIPT);
    }

    /**
     * The whole page, with markup made here: {@code nav} above the page's own content, {@code body} in its
     * place (the script leaves a page it does not draw as it is). Both must be escaped already ({@link #escape}).
     */
    String page(String title, Object data, String policy, String nav, String body) {
        String meta = policy == null ? ""
                : "<meta http-equiv=\"Content-Security-Policy\" content=\"" + escape(policy) + "\">";
        StringBuilder out = new StringBuilder(template.length() + style.length() + script.length() + 4096);
        int at = 0;
        while (true) {
            int open = template.indexOf("{{", at);
            if (open < 0) {
                break;
            }
            int close = template.indexOf("}}", open);
            out.append(template, at, open);
            String name = template.substring(open + 2, close);
            switch (name) {
                case "policy" -> out.append(meta);
                case "nav" -> out.append(nav);
                case "body" -> out.append(body);
                case "title" -> out.append(escape(title));
                case "style" -> out.append(style);
                case "data_id" -> out.append(DATA_ID);
                case "data" -> Json.write(data, Json.Style.HTML_SAFE, out);
                case "script" -> out.append(script);
                default -> throw new IllegalStateException("unknown placeholder " + name + " in page.html");
            }
            at = close + 2;
        }
        out.append(template, at, template.length());
        return out.toString();
    }

    /** Text as HTML text or attribute value. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String resource(String name) {
        try (InputStream in = Html.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " (a broken build?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
