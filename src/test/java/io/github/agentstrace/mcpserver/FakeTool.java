package io.github.agentstrace.mcpserver;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A tool whose answer a test decides: for what no real tool does (break, answer too much). */
final class FakeTool implements Tool {
    private final String name;
    private final Function<Arguments, Output> answer;

    FakeTool(String name, Function<Arguments, Output> answer) {
        this.name = name;
        this.answer = answer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String title() {
        return "fake " + name;
    }

    @Override
    public String description() {
        return "a tool for tests";
    }

    @Override
    public List<Param> params() {
        return List.of(Param.sessionId());
    }

    @Override
    public Map<String, Object> outputSchema() {
        return Map.of("type", "object");
    }

    @Override
    public Output call(Arguments args, Traces traces) {
        return answer.apply(args);
    }
}
