package io.github.agentstrace.redact;

import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Removes secrets from everything on its way to disk. {@link #standard()} is on by default on every capture
 * path; {@link #disabled()} passes values through untouched and does no work at all.
 *
 * <p>A secret is replaced by a typed marker, {@code [REDACTED:openai_key]}, {@code [REDACTED:password]}, so a
 * reader knows what was there. Found: provider key formats (OpenAI, Anthropic, GitHub, GitLab, Slack, AWS,
 * Google, Stripe, npm, Hugging Face, SendGrid), JWTs, Bearer and Basic credentials, PEM private-key blocks,
 * passwords in URLs (only the password), and values under sensitive names, in JSON and in text
 * ({@code .env} lines, shell assignments, flags, headers, query parameters, connection strings, YAML, XML).
 * The full list, the config file and what is kept on purpose are in {@code docs/redaction.md}. With
 * {@link #maskingPii(boolean)} e-mail addresses, phone numbers and card numbers become {@code [MASKED:type]}.
 *
 * <p>Instances are immutable and thread-safe. Each pattern is compiled once per process, the first time a string
 * needs it (never per event); a cheap scan for trigger fragments skips strings that cannot contain anything, and
 * format patterns are tried only where their trigger occurs. Values are copied, never changed in place.
 */
public final class Redactor {
    /** Environment variable: {@code 0}, {@code false}, {@code no} or {@code off} turn redaction off. */
    public static final String ENV = "AGENT_TRACE_REDACT";

    private static final Redactor DISABLED = new Redactor(RedactConfig.NONE, false, false, List.of(), List.of(),
            new SensitiveKeys(Set.of()));

    private final boolean secrets;
    private final boolean pii;
    private final Detector[] detectors;
    private final TriggerIndex index;
    private final List<Detector> custom;
    private final SensitiveKeys keys;
    private final Set<String> allow;
    private final List<Pattern> allowPatterns;
    /** Kept so {@link #maskingPii} can rebuild with the same configuration. */
    private final RedactConfig config;
    /** Applied before redaction, so every write path honours the session's tier in this one place. */
    private final Privacy privacy;

    private Redactor(RedactConfig config, boolean secrets, boolean pii, List<Detector> indexed, List<Detector> custom,
                     SensitiveKeys keys) {
        this.privacy = Privacy.STANDARD;
        this.config = config;
        this.secrets = secrets;
        this.pii = pii;
        this.detectors = indexed.toArray(new Detector[0]);
        this.index = new TriggerIndex(indexed);
        this.custom = custom;
        this.keys = keys;
        this.allow = Set.copyOf(config.allow());
        this.allowPatterns = config.allowPatterns();
    }

    private Redactor(Redactor base, Privacy privacy) {
        this.privacy = privacy;
        this.config = base.config;
        this.secrets = base.secrets;
        this.pii = base.pii;
        this.detectors = base.detectors;
        this.index = base.index;
        this.custom = base.custom;
        this.keys = base.keys;
        this.allow = base.allow;
        this.allowPatterns = base.allowPatterns;
    }

    /**
     * This redactor applying {@code tier} to every event first ({@link MetadataOnly} for
     * {@link Privacy#METADATA}); same secrets, PII masking and configuration.
     */
    public Redactor withPrivacy(Privacy tier) {
        return tier == privacy ? this : new Redactor(this, tier);
    }

    /** The privacy tier this redactor applies ({@link Privacy#STANDARD} unless set). */
    public Privacy privacy() {
        return privacy;
    }

    /** Holder: the built-in redactor is compiled on first use and shared. */
    private static final class Standard {
        static final Redactor INSTANCE = build(RedactConfig.NONE, true, false);
    }

    /** The built-in detectors, no user configuration, no PII masking. */
    public static Redactor standard() {
        return Standard.INSTANCE;
    }

    /** Passes everything through unchanged. */
    public static Redactor disabled() {
        return DISABLED;
    }

    /**
     * The built-in detectors plus {@code config}'s additions. Throws {@link RedactConfigException} when
     * {@code config} disables a detector that does not exist.
     */
    public static Redactor withConfig(RedactConfig config) {
        return config.isEmpty() ? standard() : build(config, true, false);
    }

    /**
     * The redactor for a capture path: on unless {@code --no-redact} was given or {@code AGENT_TRACE_REDACT} is
     * 0/false/no/off ({@code --redact} and {@code AGENT_TRACE_REDACT=1} change nothing: redaction is the
     * default), with the user's config file ({@link RedactConfig#fromEnvironment}) when redaction is on.
     *
     * @throws RedactConfigException when the config file is missing (named explicitly) or invalid
     */
    public static Redactor forCapture(boolean noRedactFlag, Map<String, String> env) {
        return forCapture(noRedactFlag, false, env);
    }

    /**
     * As {@link #forCapture(boolean, Map)}, plus PII masking for {@code --mask-pii}. PII masking applies even
     * when secret redaction is off, since the user asked for it explicitly.
     */
    public static Redactor forCapture(boolean noRedactFlag, boolean maskPii, Map<String, String> env) {
        boolean on = !noRedactFlag && !isOffValue(env.getOrDefault(ENV, ""));
        if (!on && !maskPii) {
            return disabled();
        }
        RedactConfig config = on ? RedactConfig.fromEnvironment(env) : RedactConfig.NONE;
        if (config.isEmpty() && on && !maskPii) {
            return standard();
        }
        return build(config, on, maskPii);
    }

    /**
     * As {@link #forCapture(boolean, boolean, Map)}, but a bad config file is reported to {@code warnings} and
     * the built-in detectors are used instead: for paths that must not fail (hooks), never falling back to
     * "off".
     */
    public static Redactor forCaptureOrBuiltin(boolean noRedactFlag, boolean maskPii, Map<String, String> env,
                                               Consumer<String> warnings) {
        try {
            return forCapture(noRedactFlag, maskPii, env);
        } catch (RedactConfigException e) {
            warnings.accept(e.getMessage() + "; using the built-in redaction rules");
            boolean on = !noRedactFlag && !isOffValue(env.getOrDefault(ENV, ""));
            return on || maskPii ? build(RedactConfig.NONE, on, maskPii) : disabled();
        }
    }

    /** This redactor with PII masking switched on or off (same secrets and configuration). */
    public Redactor maskingPii(boolean on) {
        if (on == pii) {
            return this;
        }
        if (!secrets && !on) {
            return disabled().withPrivacy(privacy);
        }
        return build(config, secrets, on).withPrivacy(privacy);
    }

    private static boolean isOffValue(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "0", "false", "no", "off" -> true;
            default -> false;
        };
    }

    private static Redactor build(RedactConfig config, boolean secrets, boolean pii) {
        SensitiveKeys keys = new SensitiveKeys(secrets ? new HashSet<>(config.keys()) : Set.of());
        List<Detector> indexed = new ArrayList<>();
        if (secrets) {
            List<Detector> builtin = BuiltinDetectors.secrets(keys);
            Set<String> names = new TreeSet<>();
            for (Detector d : builtin) {
                names.add(d.name());
            }
            for (String off : config.disable()) {
                if (!names.contains(off)) {
                    throw new RedactConfigException(config.source() + ": disable: unknown detector '" + off
                            + "' (known: " + String.join(", ", names) + ")");
                }
            }
            for (Detector d : builtin) {
                if (!config.disable().contains(d.name())) {
                    indexed.add(d);
                }
            }
        }
        if (pii) {
            indexed.addAll(BuiltinDetectors.pii());
        }
        List<Detector> custom = new ArrayList<>();
        if (secrets) {
            for (RedactConfig.UserPattern p : config.patterns()) {
                custom.add(PatternDetector.user(p.name(), p.regex(), p.group(), 7));
            }
        }
        return new Redactor(config, secrets, pii, List.copyOf(indexed), List.copyOf(custom), keys);
    }

    /** True when secrets are redacted (what a session records as {@code "redaction": "on"}). */
    public boolean enabled() {
        return secrets;
    }

    /** True when e-mail addresses, phone numbers and card numbers are masked. */
    public boolean masksPii() {
        return pii;
    }

    /** The built-in detector names, for documentation and the config's {@code disable} list. */
    public static List<String> detectorNames() {
        List<String> names = new ArrayList<>();
        for (Detector d : BuiltinDetectors.secrets(new SensitiveKeys(Set.of()))) {
            names.add(d.name());
        }
        return names;
    }

    /** True when values under this name (JSON key, header, variable) are treated as secrets. */
    public boolean isSensitiveName(String name) {
        return secrets && keys.classify(name) != null;
    }

    /** Redacts secrets inside one piece of text (a command line, a tool output, a file's content). */
    public String redact(String text) {
        if ((!secrets && !pii) || text == null || text.isEmpty()) {
            return text;
        }
        TriggerIndex.Hits hits = index.scan(text);
        if (hits == null && custom.isEmpty()) {
            return text;
        }
        Spans spans = new Spans(text, allow, allowPatterns);
        for (int i = 0; hits != null && i < detectors.length; i++) {
            if ((hits.mask & (1L << i)) != 0) {
                Detector d = detectors[i];
                if (d.anchored()) {
                    int[] at = hits.positionsOf(i);
                    d.findAt(text, spans, at, 0, at.length);
                } else {
                    d.find(text, spans);
                }
            }
        }
        for (Detector d : custom) {
            d.find(text, spans);
        }
        return spans.apply();
    }

    /**
     * Redacts every string inside a JSON value: a string under a sensitive key (or in a list under one) becomes
     * {@code [REDACTED:type]} whole; other strings are scanned. Objects under a sensitive key are judged by
     * their own keys; numbers, booleans and null are kept. Maps and lists are copied, never changed in place.
     */
    public Object redactValue(Object value) {
        if (!secrets && !pii) {
            return value;
        }
        return value(value, null);
    }

    private Object value(Object v, String keyType) {
        if (v instanceof String s) {
            return keyType != null ? underKey(s, keyType) : redact(s);
        }
        if (v instanceof Map<?, ?> map) {
            String pairType = secrets ? namedPairType(map) : null;
            Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String k = String.valueOf(e.getKey());
                Object val = e.getValue();
                String t = secrets ? keys.classify(k) : null;
                if (pairType != null && k.equals("value")) {
                    t = pairType;
                }
                String key = redact(k);
                if (key != k && copy.containsKey(key)) {
                    key = uniqueKey(copy, key); // two secret keys in one object must not overwrite each other
                }
                copy.put(key, val instanceof Map<?, ?> ? value(val, null) : value(val, t));
            }
            return copy;
        }
        if (v instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(value(item, keyType));
            }
            return copy;
        }
        return v;
    }

    private static String uniqueKey(Map<String, Object> map, String key) {
        for (int i = 2; ; i++) {
            String candidate = new StringBuilder(key).append('#').append(i).toString();
            if (!map.containsKey(candidate)) {
                return candidate;
            }
        }
    }

    /**
     * {@code {"name": "DB_PASSWORD", "value": "..."}}: the shape of HTTP archive headers, Kubernetes env entries
     * and many APIs. Returns the marker type for {@code value} when the name is sensitive.
     */
    private String namedPairType(Map<?, ?> map) {
        if (!(map.get("value") instanceof String) || map.size() > 6) {
            return null;
        }
        for (String nameKey : new String[] {"name", "key", "header", "Name", "Key"}) {
            if (map.get(nameKey) instanceof String n) {
                return keys.classify(n);
            }
        }
        return null;
    }

    private String underKey(String s, String type) {
        if (Checks.isPlaceholder(s.trim()) || allowed(s)) {
            return redact(s);
        }
        if (type.equals("authorization")) {
            int from = KeyValueDetector.afterScheme(s, 0, s.length());
            if (from > 0) {
                return new StringBuilder(from + 24).append(s, 0, from).append(Markers.marker(type)).toString();
            }
        }
        return Markers.marker(type);
    }

    private boolean allowed(String s) {
        if (allow.contains(s)) {
            return true;
        }
        for (Pattern p : allowPatterns) {
            if (p.matcher(s).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The event with its {@code data} cut to the privacy tier ({@link MetadataOnly}) and redacted; ids, type and
     * timing are kept.
     */
    @SuppressWarnings("unchecked")
    public TraceEvent redact(TraceEvent event) {
        TraceEvent kept = privacy == Privacy.METADATA ? MetadataOnly.apply(event) : event;
        if (!secrets && !pii) {
            return kept;
        }
        return kept.withData((Map<String, Object>) redactValue(kept.data()));
    }

    /** meta.json with the recorded command line, agent name and attribution redacted. */
    @SuppressWarnings("unchecked")
    public SessionMeta redact(SessionMeta meta) {
        if (!secrets && !pii) {
            return meta;
        }
        SessionMeta m = meta.withCommand(redact(meta.command()));
        if (!meta.attribution().isEmpty()) {
            m = m.withAttribution((Map<String, Object>) redactValue(meta.attribution()));
        }
        return m;
    }

    /**
     * Recorded HTTP headers: values of sensitive headers ({@code Authorization}, {@code Cookie},
     * {@code X-Api-Key}, ...) are replaced, keeping an authorization scheme word; other values are scanned.
     * Header names are kept. Returns a copy.
     */
    public Map<String, List<String>> redactHeaders(Map<String, List<String>> headers) {
        if (!secrets && !pii) {
            return headers;
        }
        Map<String, List<String>> out = new LinkedHashMap<>(Math.max(4, headers.size() * 2));
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            List<String> values = e.getValue();
            List<String> clean = new ArrayList<>(values == null ? 0 : values.size());
            if (values != null) {
                for (String v : values) {
                    clean.add(redactHeader(e.getKey(), v));
                }
            }
            out.put(e.getKey(), clean);
        }
        return out;
    }

    /** One header value, as {@link #redactHeaders} treats it. */
    public String redactHeader(String name, String value) {
        if ((!secrets && !pii) || value == null) {
            return value;
        }
        String type = secrets && name != null ? keys.classify(name) : null;
        return type != null && !value.isEmpty() ? underKey(value, type) : redact(value);
    }
}
