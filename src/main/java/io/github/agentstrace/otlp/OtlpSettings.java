package io.github.agentstrace.otlp;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where and how to send OTLP: resolved once from the command-line flags and the standard
 * {@code OTEL_EXPORTER_OTLP_*}, {@code OTEL_SERVICE_NAME} and {@code OTEL_RESOURCE_ATTRIBUTES} variables,
 * flags winning, signal-specific ({@code _TRACES_}) variables winning over generic ones.
 *
 * <p>Defaults: no endpoint (print instead of send), http/protobuf, no compression, 10 s per request,
 * service name {@code agent-strace}, batches of at most 4 MiB, {@link RetryPolicy#DEFAULT}. Header values
 * are secrets: {@link #toString()} and every error message leave them out.
 *
 * @param endpoint the full traces URL, or null to print the request instead of sending it
 * @param timeout  per-request timeout; 0 in a flag or variable (OTLP's "no limit") becomes the retry budget, 60 s
 */
public record OtlpSettings(URI endpoint, Protocol protocol, Map<String, String> headers, boolean gzip,
                           Duration timeout, String serviceName, Map<String, String> resourceAttributes,
                           long maxBatchBytes, RetryPolicy retry, List<String> warnings) {

    public static final String DEFAULT_SERVICE_NAME = "agent-strace";
    public static final long DEFAULT_MAX_BATCH_BYTES = 4L << 20;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Headers the HTTP stack owns (it would drop them without a word) or that would change the request's meaning:
     * refused with a clear error rather than silently not sent.
     */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "content-type", "content-encoding", "transfer-encoding", "te", "trailer", "keep-alive", "origin",
            "via", "content-transfer-encoding", "access-control-request-headers", "access-control-request-method");

    public OtlpSettings {
        headers = Collections.unmodifiableMap(new TreeMap<>(headers));
        resourceAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(resourceAttributes));
        warnings = List.copyOf(warnings);
    }

    /** The two OTLP/HTTP encodings. */
    public enum Protocol {
        HTTP_PROTOBUF("http/protobuf"),
        HTTP_JSON("http/json");

        private final String word;

        Protocol(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        /** The protocol for {@code http/protobuf} or {@code http/json}; explains {@code grpc} and typos. */
        public static Protocol parse(String word, String source) {
            String w = word.trim().toLowerCase(Locale.ROOT);
            for (Protocol p : values()) {
                if (p.word.equals(w)) {
                    return p;
                }
            }
            if (w.equals("grpc")) {
                throw new IllegalArgumentException(source + ": grpc is not supported, use http/protobuf or http/json");
            }
            throw new IllegalArgumentException(source + ": unknown protocol '" + word + "' (use http/protobuf or http/json)");
        }
    }

    /** Retry bounds: attempts per request, first and largest backoff, and the time budget per request. */
    public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxElapsed) {
        /** 5 attempts (4 retries), backoff 1 s doubling up to 30 s, at most 60 s spent on one request. */
        public static final RetryPolicy DEFAULT =
                new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /**
     * The command-line side, as typed (null when absent). {@link #validate()} reports what is wrong with
     * the flags alone, as usage errors.
     */
    public record Flags(String endpoint, String protocol, List<String> headers, String compression, String timeout,
                        String serviceName, Long maxBatchBytes, Integer retries) {
        public Flags {
            headers = headers == null ? List.of() : List.copyOf(headers);
        }

        /** Checks the flags' syntax; the message never contains a header value. */
        public void validate() {
            if (endpoint != null) {
                endpointUri(endpoint, "--endpoint", true);
            }
            if (protocol != null) {
                Protocol.parse(protocol, "--protocol");
            }
            for (String h : headers) {
                parseFlagHeader(h);
            }
            if (compression != null) {
                parseCompression(compression, "--compression");
            }
            if (timeout != null) {
                flagTimeout(timeout);
            }
            if (retries != null && (retries < 0 || retries > 20)) {
                throw new IllegalArgumentException("--retries must be between 0 and 20");
            }
            if (maxBatchBytes != null && maxBatchBytes < 1024) {
                throw new IllegalArgumentException("--max-batch-bytes must be at least 1024");
            }
        }
    }

    /** Flags over environment over defaults. Throws {@link IllegalArgumentException} for bad values. */
    public static OtlpSettings resolve(Flags flags, Map<String, String> env) {
        flags.validate();
        List<String> warnings = new ArrayList<>();

        URI endpoint = null;
        if (flags.endpoint() != null) {
            endpoint = endpointUri(flags.endpoint(), "--endpoint", true);
        } else if (present(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) {
            endpoint = endpointUri(env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", false);
        } else if (present(env, "OTEL_EXPORTER_OTLP_ENDPOINT")) {
            endpoint = baseEndpoint(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        }

        Protocol protocol = Protocol.HTTP_PROTOBUF;
        if (flags.protocol() != null) {
            protocol = Protocol.parse(flags.protocol(), "--protocol");
        } else {
            String[] v = pick(env, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL");
            if (v != null) {
                protocol = Protocol.parse(v[1], v[0]);
            }
        }

        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(envHeaders(env, "OTEL_EXPORTER_OTLP_HEADERS", warnings));
        headers.putAll(envHeaders(env, "OTEL_EXPORTER_OTLP_TRACES_HEADERS", warnings));
        for (String h : flags.headers()) {
            String[] kv = parseFlagHeader(h);
            headers.put(kv[0], kv[1]);
        }

        boolean gzip = false;
        if (flags.compression() != null) {
            gzip = parseCompression(flags.compression(), "--compression");
        } else {
            String[] v = pick(env, "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION");
            if (v != null) {
                gzip = parseCompression(v[1], v[0]);
            }
        }

        Duration timeout = DEFAULT_TIMEOUT;
        if (flags.timeout() != null) {
            timeout = flagTimeout(flags.timeout());
        } else {
            String[] v = pick(env, "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT");
            if (v != null) {
                try {
                    long ms = Long.parseLong(v[1].trim());
                    if (ms < 0) {
                        throw new NumberFormatException();
                    }
                    timeout = Duration.ofMillis(ms);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(v[0] + " must be a whole number of milliseconds, got '" + v[1] + "'");
                }
            }
        }

        Map<String, String> resource = new LinkedHashMap<>();
        if (present(env, "OTEL_RESOURCE_ATTRIBUTES")) {
            try {
                resource.putAll(keyValueList(env.get("OTEL_RESOURCE_ATTRIBUTES"), "OTEL_RESOURCE_ATTRIBUTES"));
            } catch (IllegalArgumentException e) {
                // The specification says: on a decoding error, discard the whole variable.
                warnings.add(e.getMessage() + "; OTEL_RESOURCE_ATTRIBUTES ignored");
            }
        }
        String serviceName = flags.serviceName() != null && !flags.serviceName().isBlank() ? flags.serviceName()
                : present(env, "OTEL_SERVICE_NAME") ? env.get("OTEL_SERVICE_NAME").trim()
                : resource.getOrDefault("service.name", DEFAULT_SERVICE_NAME);
        resource.remove("service.name");

        long maxBatch = flags.maxBatchBytes() != null ? flags.maxBatchBytes() : DEFAULT_MAX_BATCH_BYTES;
        RetryPolicy retry = RetryPolicy.DEFAULT;
        if (flags.retries() != null) {
            retry = new RetryPolicy(flags.retries() + 1, retry.initialBackoff(), retry.maxBackoff(), retry.maxElapsed());
        }
        if (timeout.isZero()) {
            // OTLP reads 0 as "no limit"; a request must still end, so it gets the whole retry budget.
            timeout = retry.maxElapsed();
        }
        return new OtlpSettings(endpoint, protocol, headers, gzip, timeout, serviceName, resource, maxBatch,
                retry, warnings);
    }

    /** The same settings with another retry policy (tests use short ones). */
    public OtlpSettings withRetry(RetryPolicy policy) {
        return new OtlpSettings(endpoint, protocol, headers, gzip, timeout, serviceName, resourceAttributes,
                maxBatchBytes, policy, warnings);
    }

    /** The endpoint fit to print: no user info, no query (either may carry a credential). */
    public String endpointForDisplay() {
        return endpoint == null ? "(none)" : display(endpoint);
    }

    static String display(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    }

    @Override
    public String toString() {
        return "OtlpSettings[endpoint=" + endpointForDisplay() + ", protocol=" + protocol.word() + ", headers="
                + headers.keySet() + " (values hidden), gzip=" + gzip + ", timeout=" + timeout + ", serviceName="
                + serviceName + "]";
    }

    // ---- parsing ----

    private static boolean present(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    /** {name, value} of the first variable set, or null. */
    private static String[] pick(Map<String, String> env, String specific, String generic) {
        if (present(env, specific)) {
            return new String[] {specific, env.get(specific)};
        }
        if (present(env, generic)) {
            return new String[] {generic, env.get(generic)};
        }
        return null;
    }

    /**
     * A traces URL. With {@code appendPath} (the {@code --endpoint} flag), {@code /v1/traces} is added unless
     * the path already ends with it; otherwise (a signal-specific variable) the URL is used as it is, with
     * {@code /} for an empty path.
     */
    static URI endpointUri(String text, String source, boolean appendPath) {
        URI uri = parseHttpUri(text, source);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (appendPath) {
            if (!path.endsWith("/v1/traces")) {
                path = (path.endsWith("/") ? path : path + "/") + "v1/traces";
            }
        } else if (path.isEmpty()) {
            path = "/";
        }
        return withPath(uri, path);
    }

    /** {@code OTEL_EXPORTER_OTLP_ENDPOINT}: a base URL to which {@code v1/traces} is always appended. */
    static URI baseEndpoint(String text) {
        URI uri = parseHttpUri(text, "OTEL_EXPORTER_OTLP_ENDPOINT");
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return withPath(uri, (path.endsWith("/") ? path : path + "/") + "v1/traces");
    }

    private static URI parseHttpUri(String text, String source) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(source + ": not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(source + ": the URL must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(source + ": the URL has no host");
        }
        return uri;
    }

    private static URI withPath(URI uri, String rawPath) {
        String s = uri.getScheme() + "://" + uri.getRawAuthority() + rawPath
                + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        return URI.create(s);
    }

    /** {@code Name: value} into {name, value}; errors name the header but never show its value. */
    static String[] parseFlagHeader(String h) {
        int colon = h.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid --header: expected 'Name: value' (no ':' found)");
        }
        String name = h.substring(0, colon).trim();
        String value = h.substring(colon + 1).trim();
        checkHeader(name, value, "--header");
        return new String[] {name, value};
    }

    private static void checkHeader(String name, String value, String source) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("invalid " + source + ": the header name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean tchar = c < 127 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
            if (!tchar) {
                throw new IllegalArgumentException("invalid " + source + ": '" + printable(name)
                        + "' is not a valid header name");
            }
        }
        if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("invalid " + source + ": header " + name + " cannot be set");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // Visible ASCII, space and tab: what every HTTP stack accepts in a header value.
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                throw new IllegalArgumentException("invalid " + source + ": the value of " + name
                        + " has a character that cannot be sent in a header (a line break, control or non-ASCII character)");
            }
        }
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    /** W3C-baggage style headers ({@code k=v,k2=v2}, percent-encoded); bad entries are skipped with a warning. */
    private static Map<String, String> envHeaders(Map<String, String> env, String variable, List<String> warnings) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!present(env, variable)) {
            return out;
        }
        for (String item : env.get(variable).split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            try {
                if (eq <= 0) {
                    throw new IllegalArgumentException("an entry has no '='");
                }
                String name = percentDecode(item.substring(0, eq).trim());
                String value = percentDecode(item.substring(eq + 1).trim());
                checkHeader(name, value, variable);
                out.put(name, value);
            } catch (IllegalArgumentException e) {
                warnings.add(variable + ": skipped an entry (" + e.getMessage().replace("invalid " + variable + ": ", "") + ")");
            }
        }
        return out;
    }

    /** {@code k=v,k2=v2} with percent-decoding; any malformed entry fails the whole list. */
    static Map<String, String> keyValueList(String text, String source) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : text.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(source + ": entry '" + printable(item.trim()) + "' has no key=value");
            }
            String key = percentDecode(item.substring(0, eq).trim());
            if (key.isEmpty()) {
                throw new IllegalArgumentException(source + ": empty key");
            }
            out.put(key, percentDecode(item.substring(eq + 1).trim()));
        }
        return out;
    }

    /** Percent-decoding as in W3C baggage: {@code %XX} are UTF-8 bytes, and {@code +} stays a plus. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("bad percent-encoding");
                }
                bytes.write(Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent-encoding is not UTF-8");
        }
    }

    private static boolean parseCompression(String word, String source) {
        return switch (word.trim().toLowerCase(Locale.ROOT)) {
            case "gzip" -> true;
            case "none", "" -> false;
            default -> throw new IllegalArgumentException(source + ": unknown compression '" + word + "' (use gzip or none)");
        };
    }

    /** {@code --timeout}: seconds ({@code 10}, {@code 2.5}), or with a unit ({@code 500ms}, {@code 10s}, {@code 1m}). */
    static Duration flagTimeout(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        double factorMs = 1000;
        if (t.endsWith("ms")) {
            factorMs = 1;
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            factorMs = 60_000;
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t);
            if (!(v >= 0) || v * factorMs > Duration.ofHours(1).toMillis()) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(v * factorMs));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--timeout: expected seconds (e.g. 10, 2.5, 500ms, 1m) up to 1 hour, got '"
                    + printable(text) + "'");
        }
    }
}
