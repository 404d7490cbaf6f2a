package io.github.agentstrace.mcpserver;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import io.github.agentstrace.model.Texts;
import io.github.agentstrace.model.DataError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of tools, in the order {@code tools/list} gives them, and the one place where a tool's answer
 * becomes a {@code CallToolResult}: structured content with every string capped at {@value #MAX_STRING}
 * characters, the text capped at {@value #MAX_TEXT}, and bad arguments or missing sessions as {@code isError}
 * results. A new tool is one class added to {@link #standard()}.
 */
final class Tools {
    /** Longest string in structured content; a longer one is cut with {@link Cap}'s marker. */
    static final int MAX_STRING = 2_000;
    /** Longest text content. */
    static final int MAX_TEXT = 40_000;

    private final Map<String, Tool> byName = new LinkedHashMap<>();

    Tools(List<Tool> tools) {
        for (Tool t : tools) {
            byName.put(t.name(), t);
        }
    }

    /** Every tool of {@code agent-strace mcp}. */
    static Tools standard() {
        return new Tools(List.of(
                new ListSessionsTool(),
                new GetSessionTool(),
                new ExplainTool(),
                new WhyTool(),
                new DiffTool(),
                new StatsTool(),
                new CostTool(),
                new RecentFailuresTool(),
                new SearchTool(),
                new ClustersTool()));
    }

    List<String> names() {
        return List.copyOf(byName.keySet());
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    /** The {@code tools/list} entries. */
    List<Object> descriptors() {
        List<Object> all = new ArrayList<>();
        for (Tool t : byName.values()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", t.name());
            d.put("title", t.title());
            d.put("description", t.description());
            d.put("inputSchema", Param.inputSchema(t.params()));
            d.put("outputSchema", t.outputSchema());
            Map<String, Object> hints = new LinkedHashMap<>();
            hints.put("title", t.title());
            hints.put("readOnlyHint", true);
            hints.put("destructiveHint", false);
            hints.put("idempotentHint", true);
            hints.put("openWorldHint", false);
            d.put("annotations", hints);
            all.add(d);
        }
        return all;
    }

    /** Calls a tool that exists ({@link #has}); the {@code CallToolResult}. */
    Map<String, Object> call(String name, Object arguments, Traces traces) {
        Tool tool = byName.get(name);
        try {
            Tool.Output out = tool.call(Arguments.of(arguments, tool.params()), traces);
            Object structured = Texts.cutStrings(out.structured(), MAX_STRING);
            String text = out.text() != null ? out.text() : Json.write(structured);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("content", List.of(text(Texts.cut(text, MAX_TEXT))));
            result.put("structuredContent", structured);
            result.put("isError", false);
            return result;
        } catch (BadArgument e) {
            return error(name + ": " + e.getMessage());
        } catch (DataError | JsonException e) {
            // No such session, an ambiguous prefix, an event that is not there: the model can ask again.
            return error(name + ": " + e.getMessage());
        }
    }

    static Map<String, Object> text(String s) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", "text");
        block.put("text", s);
        return block;
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("content", List.of(text(message)));
        result.put("isError", true);
        return result;
    }
}
