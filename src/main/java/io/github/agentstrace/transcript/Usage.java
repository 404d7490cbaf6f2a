package io.github.agentstrace.transcript;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token usage of one API response as Claude Code's transcript reports it. Cache writes are split by
 * lifetime (5 minutes / 1 hour) when the transcript says so, because they are priced differently.
 */
public record Usage(long inputTokens, long outputTokens, long cacheCreationTokens, long cacheReadTokens,
                    long cacheWrite5mTokens, long cacheWrite1hTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, 0);

    /** Everything the model read or wrote, cache included. */
    public long total() {
        return inputTokens + outputTokens + cacheCreationTokens + cacheReadTokens;
    }

    public Usage plus(Usage o) {
        return new Usage(inputTokens + o.inputTokens, outputTokens + o.outputTokens,
                cacheCreationTokens + o.cacheCreationTokens, cacheReadTokens + o.cacheReadTokens,
                cacheWrite5mTokens + o.cacheWrite5mTokens, cacheWrite1hTokens + o.cacheWrite1hTokens);
    }

    /**
     * The larger of two reports of the same response: transcripts repeat usage on every line of a
     * response and {@code output_tokens} grows while it streams, so the maximum is the final figure.
     */
    public Usage max(Usage o) {
        return new Usage(Math.max(inputTokens, o.inputTokens), Math.max(outputTokens, o.outputTokens),
                Math.max(cacheCreationTokens, o.cacheCreationTokens), Math.max(cacheReadTokens, o.cacheReadTokens),
                Math.max(cacheWrite5mTokens, o.cacheWrite5mTokens), Math.max(cacheWrite1hTokens, o.cacheWrite1hTokens));
    }

    /** Reads a transcript {@code usage} object (or an event's {@code data}); missing fields are 0. */
    public static Usage fromJson(Map<String, Object> u) {
        Map<String, Object> creation = u.get("cache_creation") instanceof Map<?, ?> m
                ? io.github.agentstrace.json.Json.asObject(m) : Map.of();
        return new Usage(count(u, "input_tokens"), count(u, "output_tokens"),
                count(u, "cache_creation_input_tokens"), count(u, "cache_read_input_tokens"),
                count(creation, "ephemeral_5m_input_tokens") + count(u, "cache_write_5m_tokens"),
                count(creation, "ephemeral_1h_input_tokens") + count(u, "cache_write_1h_tokens"));
    }

    /** The fields stored in an {@code llm_response} event's data. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input_tokens", inputTokens);
        m.put("output_tokens", outputTokens);
        m.put("cache_creation_input_tokens", cacheCreationTokens);
        m.put("cache_read_input_tokens", cacheReadTokens);
        if (cacheWrite5mTokens > 0) {
            m.put("cache_write_5m_tokens", cacheWrite5mTokens);
        }
        if (cacheWrite1hTokens > 0) {
            m.put("cache_write_1h_tokens", cacheWrite1hTokens);
        }
        m.put("total_tokens", total());
        return m;
    }

    /** Whether an event's data carries real usage figures (not an estimate). */
    public static boolean present(Map<String, Object> data) {
        return data.get("input_tokens") instanceof Number || data.get("output_tokens") instanceof Number;
    }

    private static long count(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : 0;
    }
}
