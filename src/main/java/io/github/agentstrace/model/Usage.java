package io.github.agentstrace.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token usage of one LLM turn, or a sum of turns: the one usage record of agent-strace, used by every
 * capture path that records usage, by the session model, by pricing and by the OTLP export.
 *
 * <p>{@code inputTokens} are prompt tokens neither read from nor written to a cache. Cache writes are kept
 * by lifetime because they are priced differently; a write whose lifetime the provider did not say is
 * counted (and priced) as a 5-minute write. All counts are non-negative.
 *
 * <pre>{@code
 * Usage u = Usage.of(r.usage().inputTokens(), r.usage().outputTokens());
 * long everything = u.total();   // input + output + cache read + cache write
 * }</pre>
 *
 * @param inputTokens        prompt tokens not read from or written to a cache
 * @param outputTokens       generated tokens
 * @param cacheReadTokens    prompt tokens read from the provider's cache
 * @param cacheWrite5mTokens prompt tokens written to a 5-minute cache (or of unknown lifetime)
 * @param cacheWrite1hTokens prompt tokens written to a 1-hour cache
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWrite5mTokens,
                    long cacheWrite1hTokens) {

    /** No tokens at all. */
    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWrite5mTokens < 0
                || cacheWrite1hTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    /** Usage without cache figures. */
    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0, 0, 0);
    }

    /** Usage with cache figures whose write lifetime is not known (priced as 5-minute writes). */
    public static Usage of(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {
        return new Usage(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, 0);
    }

    /** Every cache write, whatever its lifetime. */
    public long cacheWriteTokens() {
        return cacheWrite5mTokens + cacheWrite1hTokens;
    }

    /**
     * Every prompt token, cached or not: what OpenTelemetry's {@code gen_ai.usage.input_tokens} counts
     * (its cache read and cache creation attributes are parts of it).
     */
    public long promptTokens() {
        return inputTokens + cacheReadTokens + cacheWriteTokens();
    }

    /** Everything the model read or wrote, cache included: the one token total of every report. */
    public long total() {
        return promptTokens() + outputTokens;
    }

    public boolean isZero() {
        return total() == 0;
    }

    public Usage plus(Usage o) {
        return new Usage(inputTokens + o.inputTokens, outputTokens + o.outputTokens,
                cacheReadTokens + o.cacheReadTokens, cacheWrite5mTokens + o.cacheWrite5mTokens,
                cacheWrite1hTokens + o.cacheWrite1hTokens);
    }

    /**
     * The larger of two reports of the same response, field by field: transcripts repeat usage on every
     * line of a response and {@code output_tokens} grows while it streams, so the maximum is the final figure.
     */
    public Usage max(Usage o) {
        return new Usage(Math.max(inputTokens, o.inputTokens), Math.max(outputTokens, o.outputTokens),
                Math.max(cacheReadTokens, o.cacheReadTokens), Math.max(cacheWrite5mTokens, o.cacheWrite5mTokens),
                Math.max(cacheWrite1hTokens, o.cacheWrite1hTokens));
    }

    /**
     * Whether an event's data (or a usage object) carries real usage figures: a numeric input or output
     * count at the top level or in a nested {@code usage} object.
     */
    public static boolean present(Map<String, Object> data) {
        if (hasCounts(data)) {
            return true;
        }
        return data.get("usage") instanceof Map<?, ?> nested && hasCounts(asObject(nested));
    }

    /**
     * The {@code total_tokens} of data that names no split (neither input nor output): a total without its
     * parts, which can be counted but not priced; -1 when the data has a split or no total.
     */
    public static long totalWithoutSplit(Map<String, Object> data) {
        if (present(data)) {
            return -1;
        }
        return data.get("total_tokens") instanceof Number n && n.longValue() > 0 ? n.longValue() : -1;
    }

    private static boolean hasCounts(Map<String, Object> m) {
        return m.get("input_tokens") instanceof Number || m.get("output_tokens") instanceof Number
                || m.get("prompt_tokens") instanceof Number || m.get("completion_tokens") instanceof Number;
    }

    /**
     * Reads usage from an event's data, a transcript's {@code usage} object or an OpenAI-style one:
     * {@code input_tokens}/{@code prompt_tokens}, {@code output_tokens}/{@code completion_tokens},
     * {@code cache_read_input_tokens}, {@code cache_creation_input_tokens} with its split by lifetime
     * ({@code cache_creation.ephemeral_5m/1h_input_tokens} or our {@code cache_write_5m/1h_tokens}). A count
     * at the top level wins over the same count in a nested {@code usage} object. Missing fields are 0;
     * negative or non-numeric ones too.
     */
    public static Usage fromData(Map<String, Object> data) {
        Usage top = read(data);
        if (data.get("usage") instanceof Map<?, ?> nested) {
            return top.orElse(read(asObject(nested)));
        }
        return top;
    }

    private static Usage read(Map<String, Object> u) {
        Map<String, Object> creation = u.get("cache_creation") instanceof Map<?, ?> m ? asObject(m) : Map.of();
        long input = first(u, "input_tokens", "prompt_tokens");
        long output = first(u, "output_tokens", "completion_tokens");
        long read = first(u, "cache_read_input_tokens", "cache_read_tokens");
        long written = first(u, "cache_creation_input_tokens", "cache_creation_tokens");
        long oneHour = count(creation, "ephemeral_1h_input_tokens") + count(u, "cache_write_1h_tokens");
        long fiveMinutes = count(creation, "ephemeral_5m_input_tokens") + count(u, "cache_write_5m_tokens");
        // Whatever part of the total the split does not explain has an unknown lifetime: priced as 5 minutes.
        fiveMinutes = Math.max(fiveMinutes, written - oneHour);
        return new Usage(input, output, read, fiveMinutes, oneHour);
    }

    /**
     * These figures, with each one that is zero taken from {@code other}: two partial reports of one turn
     * (a request that names its prompt tokens, a response that names the rest) make one.
     */
    public Usage orElse(Usage other) {
        boolean cacheKnown = cacheWriteTokens() > 0;
        return new Usage(inputTokens > 0 ? inputTokens : other.inputTokens,
                outputTokens > 0 ? outputTokens : other.outputTokens,
                cacheReadTokens > 0 ? cacheReadTokens : other.cacheReadTokens,
                cacheKnown ? cacheWrite5mTokens : other.cacheWrite5mTokens,
                cacheKnown ? cacheWrite1hTokens : other.cacheWrite1hTokens);
    }

    /**
     * The fields stored in an {@code llm_response} event's data: input, output, the cache figures that are
     * not zero (the Anthropic names), the 1-hour split when there is one, and {@code total_tokens}.
     */
    public Map<String, Object> toData() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input_tokens", inputTokens);
        m.put("output_tokens", outputTokens);
        if (cacheWriteTokens() > 0) {
            m.put("cache_creation_input_tokens", cacheWriteTokens());
        }
        if (cacheReadTokens > 0) {
            m.put("cache_read_input_tokens", cacheReadTokens);
        }
        if (cacheWrite1hTokens > 0) {
            m.put("cache_write_5m_tokens", cacheWrite5mTokens);
            m.put("cache_write_1h_tokens", cacheWrite1hTokens);
        }
        m.put("total_tokens", total());
        return m;
    }

    /** The usage as a JSON object for reports: every figure by name, and the total. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input_tokens", inputTokens);
        m.put("output_tokens", outputTokens);
        m.put("cache_read_tokens", cacheReadTokens);
        m.put("cache_write_5m_tokens", cacheWrite5mTokens);
        m.put("cache_write_1h_tokens", cacheWrite1hTokens);
        m.put("total_tokens", total());
        return m;
    }

    private static long first(Map<String, Object> m, String key, String alias) {
        long v = count(m, key);
        return v > 0 || m.get(key) instanceof Number ? v : count(m, alias);
    }

    private static long count(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? Math.max(0, n.longValue()) : 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
