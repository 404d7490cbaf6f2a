package io.github.agentstrace.guard;

/**
 * The rules a call can break, each named as the policy key that states it ({@code files.read.deny}); the
 * names are the rule ids of {@code audit --format sarif} and of recorded denials.
 */
public enum Rule {
    FILES_READ_DENY("files.read.deny", "Reads a file the policy denies",
            "The call read or searched a file that files.read.deny lists."),
    FILES_READ_ALLOW("files.read.allow", "Reads a file the policy does not allow",
            "files.read.allow lists the files that may be read; the call read one it does not list."),
    FILES_WRITE_DENY("files.write.deny", "Writes a file the policy denies",
            "The call wrote or edited a file that files.write.deny lists."),
    FILES_WRITE_ALLOW("files.write.allow", "Writes a file the policy does not allow",
            "files.write.allow lists the files that may be written; the call wrote or edited one it does not list."),
    COMMANDS_DENY("commands.deny", "Runs a command the policy denies",
            "The call ran a shell command that commands.deny lists (by its program or a pattern)."),
    COMMANDS_ALLOW("commands.allow", "Runs a command the policy does not allow",
            "commands.allow lists the commands that may run; the call ran one it does not list."),
    NETWORK_DENY("network.deny", "Reaches a host the policy denies",
            "The call reached a host (a URL in a command, a fetched URL, an MCP argument) that network.deny lists."),
    NETWORK_ALLOW("network.allow", "Reaches a host the policy does not allow",
            "network.allow lists the hosts that may be reached; the call reached one it does not list."),
    NETWORK_DENY_ALL("network.deny_all", "Reaches the network, which the policy denies",
            "network.deny_all is set and the call reached a host."),
    TOOLS_DENY("tools.deny", "Uses a tool the policy denies",
            "The call used a tool (mcp__server__tool for MCP tools) that tools.deny lists."),
    TOOLS_ALLOW("tools.allow", "Uses a tool the policy does not allow",
            "tools.allow lists the tools that may be used; the call used one it does not list."),
    SENSITIVE("sensitive", "Touches a sensitive file",
            "The call touched a file that holds credentials or changes CI (.env, keys, .ssh, .aws/credentials, "
                    + ".github/workflows, ...). Flagged whatever the policy allows; denied when sensitive.deny is set.");

    private final String id;
    private final String title;
    private final String help;

    Rule(String id, String title, String help) {
        this.id = id;
        this.title = title;
        this.help = help;
    }

    /** The policy key, e.g. {@code commands.deny}. */
    public String id() {
        return id;
    }

    /** One line for people. */
    public String title() {
        return title;
    }

    /** What the rule means. */
    public String help() {
        return help;
    }
}
