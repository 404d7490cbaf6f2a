package io.github.agentstrace.session;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Usage;

/**
 * A guess at the tokens of a session that recorded none, from the size of what it recorded: about
 * {@value #CHARS_PER_TOKEN} characters per token, prompts, requests and calls as input, answers and
 * results as output. Often off by 30-50%; reports that use it say so.
 */
public final class SizeEstimate implements SessionListener {
    /** Characters per token of the estimate. */
    public static final int CHARS_PER_TOKEN = 4;

    private long input;
    private long output;

    @Override
    public void step(Step s) {
        if (s.leftover()) {
            return;
        }
        EventType kind = s.event().kind();
        if (kind == null) {
            return;
        }
        switch (kind) {
            case USER_PROMPT, LLM_REQUEST, TOOL_CALL -> input += tokens(s);
            case ASSISTANT_RESPONSE, LLM_RESPONSE, TOOL_RESULT -> output += tokens(s);
            default -> {
            }
        }
    }

    private static long tokens(Step s) {
        return Math.max(1, Json.write(s.event().data()).length() / CHARS_PER_TOKEN);
    }

    /** The guessed usage so far (no cache figures). */
    public Usage usage() {
        return Usage.of(input, output);
    }
}
