package io.github.agentstrace.api;

/**
 * Token usage of one LLM call, as the provider reported it. Recorded on the {@code llm_response} event
 * ({@code input_tokens}, {@code output_tokens}, the cache counts when non-zero, {@code total_tokens}) and
 * added to the session's {@code total_tokens}.
 *
 * <pre>{@code
 * Reply reply = session.llm("claude-sonnet-4", messages, () -> client.send(messages),
 *         r -> Usage.of(r.usage().inputTokens(), r.usage().outputTokens()));
 * }</pre>
 *
 * @param inputTokens       prompt tokens not read from a cache
 * @param outputTokens      generated tokens
 * @param cacheReadTokens   prompt tokens read from the provider's cache (0 if none or unknown)
 * @param cacheWriteTokens  prompt tokens written to the provider's cache (0 if none or unknown)
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {
    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    /** Usage without cache figures. */
    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0, 0);
    }

    /** Every token counted: input, output and both cache figures. */
    public long totalTokens() {
        return inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens;
    }
}
