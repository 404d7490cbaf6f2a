package io.github.agentstrace.session;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.Usage;

/**
 * A guess at the tokens of a session that recorded none, from the size of what it recorded: about
 * {@value #CHARS_PER_TOKEN} characters per token, prompts, requests and calls as input, answers and
 * results as output. Often off by 30-50%; reports that use it say so.
 *
 * <p>A guess is only wanted where no LLM turn has usage, so measuring (which writes each event's data as JSON)
 * stops at the first turn with usage; {@link #usage} means nothing for such a session.
 */
public final class SizeEstimate implements SessionListener {
    /** Characters per token of the estimate. */
    public static final int CHARS_PER_TOKEN = 4;

    private long input;
    private long output;
    private boolean usageSeen;

    @Override
    public void step(Step s) {
        if (usageSeen || s.leftover()) {
            return;
        }
        if (s.turn() != null && s.turn().hasUsage()) {
            usageSeen = true; // the figures are real: no guess will be made
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

    /** The guessed usage so far (no cache figures); only for a session none of whose turns had usage. */
    public Usage usage() {
        return Usage.of(input, output);
    }
}
