package io.github.agentstrace.transcript;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Gemini CLI says a shell command failed. Its {@code run_shell_command} tool reports a command that exits
 * non-zero as a success (AfterTool has no {@code error}, the chat's tool call has {@code status: success});
 * only the output the model gets says so, in a line {@code Exit Code: N} (Gemini CLI 0.61.0). The hook
 * ({@code hook --agent gemini}) and {@code import} of a chat both read it here.
 */
public final class GeminiShell {
    /** The shell tool's name in hooks and chats. */
    public static final String TOOL = "run_shell_command";

    private static final Pattern EXIT = Pattern.compile("(?m)^Exit Code: (-?\\d+)\\s*$");

    private GeminiShell() {
    }

    /** True when {@code tool} is the shell tool and its {@code output} names an exit code other than 0. */
    public static boolean failed(String tool, String output) {
        if (!TOOL.equals(tool) || output == null) {
            return false;
        }
        Matcher m = EXIT.matcher(output);
        return m.find() && !m.group(1).equals("0");
    }
}
