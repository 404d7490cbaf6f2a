package io.github.agentstrace.mcpserver;

import io.github.agentstrace.term.Ansi;
import java.util.List;
import java.util.Map;

/**
 * One read-only tool: a small class listed in {@link Tools}. It names its arguments ({@link Param}s, from
 * which its input schema is made), declares the JSON Schema of its structured output, and answers a call
 * with that JSON and a text rendering of it.
 */
interface Tool {
    /** Width of text renderings: the same for every client, and narrow enough to read in a chat. */
    int WIDTH = 100;
    /** Text renderings carry no colour codes. */
    Ansi PLAIN = new Ansi(false);

    /** The name clients call it by. */
    String name();

    /** A short human title. */
    String title();

    /** What it tells, and when a model should call it. */
    String description();

    /** Its arguments, in the order the schema lists them. */
    List<Param> params();

    /** The JSON Schema of {@link Output#structured}. */
    Map<String, Object> outputSchema();

    /**
     * Answers one call. A {@link BadArgument}, or a {@link io.github.agentstrace.model.DataError} such as "no
     * such session", becomes an {@code isError} result saying so.
     */
    Output call(Arguments args, Traces traces) throws BadArgument;

    /**
     * What a call returns.
     *
     * @param structured the structured content (the JSON the matching command prints with {@code --json})
     * @param text       its text rendering (the matching command's text, without colour, {@link #WIDTH} wide);
     *                   null for tools no command renders: their text is the structured content's compact JSON
     */
    record Output(Map<String, Object> structured, String text) {
    }
}
