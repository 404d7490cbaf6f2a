package io.github.agentstrace.cli;

import io.github.agentstrace.wrap.ConfigFiles;
import io.github.agentstrace.wrap.McpConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code setup --mcp}: registers {@code agent-strace mcp} with Claude Code, in the project's {@code .mcp.json}
 * or (with {@code --global}) the user's {@code ~/.claude.json}, and prints what to paste into the other
 * clients' configs. Idempotent; the previous file is saved beside it; {@code --uninstall} takes the entry out.
 * The config shapes are {@code wrap}'s ({@link McpConfig}).
 */
final class SetupMcp {
    /** The server's name in every client's config. */
    static final String SERVER = "agent-strace";

    private SetupMcp() {
    }

    static int run(Args args, Context ctx, String executable) throws UsageException {
        for (String hookOnly : List.of("--sync", "--no-redact", "--redact", "--timeout")) {
            if (args.flag(hookOnly)) {
                throw new UsageException(hookOnly + " is for the hooks; --mcp takes --global, --uninstall and --command");
            }
        }
        boolean global = args.flag("--global");
        Path file = global ? ctx.home().resolve(".claude.json") : ctx.cwd().resolve(".mcp.json");
        String scope = global ? "user scope, every project" : "this project";
        PrintStream out = ctx.out();
        String text = Files.exists(file) ? ConfigFiles.read(file) : null;
        if (args.flag("--uninstall")) {
            McpConfig.Registration r = text == null ? new McpConfig.Registration(null, false, false)
                    : McpConfig.unregister(text, file.toString(), McpConfig.Client.CLAUDE_CODE, SERVER);
            if (!r.changed()) {
                out.println("No " + SERVER + " MCP server in " + file + "; nothing changed.");
                return ExitCode.OK.code();
            }
            ConfigFiles.backup(file);
            ConfigFiles.replace(file, r.text());
            out.println("Removed the " + SERVER + " MCP server from " + file + ".");
            out.println("Previous file saved as " + ConfigFiles.backupOf(file) + ".");
            return ExitCode.OK.code();
        }
        LauncherCheck.warning(executable, "Claude Code", ctx)
                .ifPresent(w -> ctx.err().println("agent-strace setup: warning: " + w));
        // Claude Code gives the server $CLAUDE_PROJECT_DIR, where the hooks record: no directory to name,
        // unless the user chose one.
        List<String> claudeArgs = new ArrayList<>(List.of("mcp"));
        if (ctx.traceDirFlag() != null) {
            claudeArgs.addAll(List.of("--trace-dir", ctx.projectTraceDir().toString()));
        }
        Map<String, Object> entry = McpConfig.Client.CLAUDE_CODE.stdioEntry(executable, claudeArgs);
        McpConfig.Registration r = McpConfig.register(text, file.toString(), McpConfig.Client.CLAUDE_CODE, SERVER,
                entry);
        if (!r.changed()) {
            out.println("The " + SERVER + " MCP server is already registered in " + file + "; nothing changed.");
        } else {
            if (text == null) {
                ConfigFiles.create(file, r.text());
            } else {
                ConfigFiles.backup(file);
                ConfigFiles.replace(file, r.text());
            }
            out.println((r.replaced() ? "Updated" : "Registered") + " the " + SERVER + " MCP server for Claude Code in "
                    + file + " (" + scope + ").");
            if (text != null) {
                out.println("Previous file saved as " + ConfigFiles.backupOf(file) + ".");
            }
            if (!global) {
                out.println("Claude Code asks once before it starts a project's servers: approve \"" + SERVER + "\".");
            }
        }
        snippets(out, executable, ctx.projectTraceDir().toString());
        return ExitCode.OK.code();
    }

    /** The other clients start servers in directories of their own: their entries name the trace directory. */
    private static void snippets(PrintStream out, String executable, String traceDir) {
        out.println();
        out.println("For other clients, add this to their config (the trace directory is " + traceDir + "):");
        for (McpConfig.Client c : McpConfig.Client.values()) {
            if (c == McpConfig.Client.CLAUDE_CODE) {
                continue;
            }
            out.println();
            out.println(c.label() + " (" + c.files() + "):");
            out.println(c.snippet(SERVER, c.stdioEntry(executable, List.of("mcp", "--trace-dir", traceDir))));
        }
    }
}
