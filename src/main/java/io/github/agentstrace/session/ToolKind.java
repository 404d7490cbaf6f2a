package io.github.agentstrace.session;

import java.util.Locale;

/**
 * What a tool does, judged by its name: the classes that replay filters by, explain groups by and the
 * call subject is read for. Claude Code's tools and the common names of other agents and MCP servers are
 * known; anything else is judged by the words in its name, and is {@link #OTHER} when they say nothing.
 */
public enum ToolKind {
    /** Runs a shell command (Bash, shell, run_shell_command...). */
    SHELL,
    /** Reads a file (Read, read_file, view...). */
    READ,
    /** Creates or replaces a file (Write, write_file, create_file). */
    WRITE,
    /** Changes part of a file (Edit, MultiEdit, NotebookEdit, edit_file, apply_patch...). */
    EDIT,
    /** Looks for files or text (Glob, Grep, LS, list_directory, search_files...). */
    SEARCH,
    /** Fetches or searches the web (WebFetch, WebSearch, fetch...). */
    WEB,
    /** Starts a subagent (Agent, Task). */
    AGENT,
    /** Anything else. */
    OTHER;

    /** The kind of a tool name (MCP names are judged by their tool part). */
    public static ToolKind of(String toolName) {
        if (toolName == null || toolName.isEmpty()) {
            return OTHER;
        }
        McpToolName mcp = McpToolName.parse(toolName);
        String n = (mcp != null ? mcp.tool() : toolName).toLowerCase(Locale.ROOT);
        switch (n) {
            case "bash", "bashoutput", "killshell", "killbash", "shell", "run_shell_command", "exec", "exec_command",
                    "local_shell", "terminal", "run_terminal_cmd", "execute_command", "powershell" -> {
                return SHELL;
            }
            case "read", "notebookread", "view", "read_file", "read_text_file", "read_media_file",
                    "read_multiple_files", "read_many_files", "get_file_contents", "cat" -> {
                return READ;
            }
            case "write", "write_file", "create_file", "save_file" -> {
                return WRITE;
            }
            case "edit", "multiedit", "notebookedit", "edit_file", "replace", "str_replace", "apply_patch",
                    "str_replace_editor", "search_replace" -> {
                return EDIT;
            }
            case "glob", "grep", "ls", "list_directory", "list_dir", "directory_tree", "search_files", "find",
                    "search_file_content", "codebase_search", "file_search" -> {
                return SEARCH;
            }
            case "webfetch", "websearch", "fetch", "web_fetch", "web_search", "google_web_search" -> {
                return WEB;
            }
            case "agent", "task" -> {
                return AGENT;
            }
            default -> {
                return byWords(n);
            }
        }
    }

    private static ToolKind byWords(String n) {
        boolean file = n.contains("file") || n.contains("notebook");
        if (file && (n.contains("read") || n.contains("get") || n.contains("open"))) {
            return READ;
        }
        if (file && (n.contains("write") || n.contains("create") || n.contains("save"))) {
            return WRITE;
        }
        if (file && (n.contains("edit") || n.contains("replace") || n.contains("patch") || n.contains("update"))) {
            return EDIT;
        }
        if (n.endsWith("__read")) {
            return READ;
        }
        if (n.endsWith("__write")) {
            return WRITE;
        }
        return OTHER;
    }

    /** True for the kinds that touch files (replay's {@code %file} class). */
    public boolean touchesFiles() {
        return this == READ || this == WRITE || this == EDIT || this == SEARCH;
    }
}
