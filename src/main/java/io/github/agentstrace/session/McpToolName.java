package io.github.agentstrace.session;

/**
 * The one parser of MCP tool names as agents spell them: {@code mcp__<server>__<tool>} (Claude Code,
 * and the agents that copy it). The server is what lies between {@code mcp__} and the next {@code __};
 * the tool is everything after it.
 *
 * @param server the MCP server's name
 * @param tool   the tool's name on that server
 */
public record McpToolName(String server, String tool) {
    private static final String PREFIX = "mcp__";

    /** The parts of an MCP tool name, or null when {@code name} is not one. */
    public static McpToolName parse(String name) {
        if (name == null || !name.startsWith(PREFIX)) {
            return null;
        }
        int sep = name.indexOf("__", PREFIX.length());
        if (sep <= PREFIX.length() || sep + 2 >= name.length()) {
            return null;
        }
        return new McpToolName(name.substring(PREFIX.length(), sep), name.substring(sep + 2));
    }

    /** True for an MCP tool name. */
    public static boolean is(String name) {
        return parse(name) != null;
    }

    /** {@code server/tool} for an MCP tool name, else the name itself. */
    public static String display(String name) {
        McpToolName m = parse(name);
        return m == null ? name : m.server + "/" + m.tool;
    }
}
