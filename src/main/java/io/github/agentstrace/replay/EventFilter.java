package io.github.agentstrace.replay;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --filter}: which events the timeline shows, strace style. A comma-separated list of event
 * types ({@code tool_call}) and classes ({@code %tool}); a term prefixed with {@code !} removes what it
 * names. Positive terms are a union; with only negative terms, everything else is shown.
 *
 * <p>Classes: {@code %tool} tool calls and results; {@code %file} file_read/file_write and file tools
 * (Read, Write, Edit, MultiEdit, NotebookEdit, Glob, Grep, *file*); {@code %shell} Bash and shell tools;
 * {@code %mcp} events of MCP traffic ({@code mcp__*} tools, {@code request_id}/{@code mcp_method} data);
 * {@code %llm} llm_request/llm_response; {@code %error} error events and failed results;
 * {@code %prompt} user_prompt and assistant_response.
 */
public final class EventFilter {
    /** What a class tests: the event, its resolved tool name and whether it failed. */
    interface Test {
        boolean test(TraceEvent e, String toolName, boolean failed);
    }

    private static final Map<String, Test> CLASSES = classes();

    private static Map<String, Test> classes() {
        Map<String, Test> c = new LinkedHashMap<>();
        c.put("%tool", (e, t, f) -> isTool(e));
        c.put("%file", (e, t, f) -> e.kind() == EventType.FILE_READ || e.kind() == EventType.FILE_WRITE
                || ((isTool(e) || e.kind() == EventType.ERROR) && Tools.isFile(t)));
        c.put("%shell", (e, t, f) -> (isTool(e) || e.kind() == EventType.ERROR) && Tools.isShell(t));
        c.put("%mcp", (e, t, f) -> Tools.isMcp(t) || e.data().containsKey("mcp_method")
                || e.data().containsKey("request_id"));
        c.put("%llm", (e, t, f) -> e.kind() == EventType.LLM_REQUEST || e.kind() == EventType.LLM_RESPONSE);
        c.put("%error", (e, t, f) -> f);
        c.put("%prompt", (e, t, f) -> e.kind() == EventType.USER_PROMPT || e.kind() == EventType.ASSISTANT_RESPONSE);
        return Collections.unmodifiableMap(c);
    }

    private static final EventFilter ALL = new EventFilter(List.of(), List.of());

    private final List<Test> include;
    private final List<Test> exclude;

    private EventFilter(List<Test> include, List<Test> exclude) {
        this.include = include;
        this.exclude = exclude;
    }

    /** The filter that shows everything. */
    public static EventFilter all() {
        return ALL;
    }

    /** A {@code --filter} term that names no event type or class. */
    public static final class UnknownNameException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String term;
        private final String name;

        UnknownNameException(String term, String name) {
            super("invalid filter '" + term + "'; valid names: " + validNames());
            this.term = term;
            this.name = name;
        }

        /** The term as given, e.g. {@code !Tool_Cal}. */
        public String term() {
            return term;
        }

        /** What it tried to name: lower case, without the {@code !}, e.g. {@code tool_cal}. */
        public String name() {
            return name;
        }
    }

    /**
     * Parses a {@code --filter} value (several values may be given; their terms add up).
     *
     * @throws UnknownNameException naming the bad term and listing the valid names
     */
    public static EventFilter parse(List<String> specs) {
        List<Test> include = new ArrayList<>();
        List<Test> exclude = new ArrayList<>();
        for (String spec : specs) {
            for (String raw : spec.split(",")) {
                String term = raw.trim().toLowerCase(Locale.ROOT);
                if (term.isEmpty()) {
                    continue;
                }
                boolean negated = term.startsWith("!");
                String name = negated ? term.substring(1).trim() : term;
                Test test = lookup(name);
                if (test == null) {
                    throw new UnknownNameException(raw.trim(), name);
                }
                (negated ? exclude : include).add(test);
            }
        }
        return include.isEmpty() && exclude.isEmpty() ? ALL : new EventFilter(include, exclude);
    }

    /** Every event type and class a term may name. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (EventType t : EventType.values()) {
            names.add(t.wire());
        }
        names.addAll(CLASSES.keySet());
        return names;
    }

    /** Every event type and class, for error messages and help. */
    public static String validNames() {
        return String.join(", ", names()) + " (prefix ! to exclude)";
    }

    private static Test lookup(String name) {
        Test cls = CLASSES.get(name);
        if (cls != null) {
            return cls;
        }
        EventType type = EventType.fromWire(name);
        if (type == null) {
            return null;
        }
        String wire = type.wire();
        return (e, t, f) -> wire.equals(e.type());
    }

    public boolean showsEverything() {
        return this == ALL;
    }

    boolean accepts(TraceEvent e, String toolName, boolean failed) {
        if (this == ALL) {
            return true;
        }
        boolean shown = include.isEmpty();
        for (Test t : include) {
            if (t.test(e, toolName, failed)) {
                shown = true;
                break;
            }
        }
        if (!shown) {
            return false;
        }
        for (Test t : exclude) {
            if (t.test(e, toolName, failed)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTool(TraceEvent e) {
        return e.kind() == EventType.TOOL_CALL || e.kind() == EventType.TOOL_RESULT;
    }
}
