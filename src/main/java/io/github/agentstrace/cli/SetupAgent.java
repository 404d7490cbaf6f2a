package io.github.agentstrace.cli;

import io.github.agentstrace.hook.AgentSettings;
import io.github.agentstrace.hook.ClaudeSettings;
import io.github.agentstrace.hook.ClaudeSettingsFile;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.term.Plural;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code setup --agent codex|gemini|copilot|cursor}: the hooks that record that agent's sessions, printed or
 * merged into its own file ({@link AgentSettings}) with {@code --install}, taken out with {@code --uninstall};
 * idempotent, the previous file saved beside it, a file that is not a JSON object never touched. Says what
 * the agent needs besides the file (trusting the hooks, the folder) before they run.
 */
final class SetupAgent {
    private SetupAgent() {
    }

    static int run(Args args, Context ctx, AgentSettings agent, String executable, boolean install, boolean uninstall)
            throws UsageException, IOException {
        for (String claudeOnly : List.of("--sync", "--resident", "--port")) {
            if (args.flag(claudeOnly) || (claudeOnly.equals("--port") && args.value("--port") != null)) {
                throw new UsageException(claudeOnly + " is for Claude Code's hooks; --agent takes --install,"
                        + " --uninstall, --global, --no-redact, --timeout and --command");
            }
        }
        int timeout = args.intValue("--timeout", ClaudeSettings.Options.DEFAULT_TIMEOUT_SECONDS, 1, 600);
        String traceDir = ctx.traceDirFlag() == null ? null : ctx.traceDir().toString();
        ClaudeSettings.Options options = new ClaudeSettings.Options(executable, args.flag("--no-redact"), false,
                timeout, traceDir);
        boolean global = args.flag("--global");
        Path file = agent.file(ctx.cwd(), ctx.home(), ctx.env(), global);
        if (!uninstall) {
            LauncherCheck.warning(executable, agent.displayName(), ctx)
                    .ifPresent(w -> ctx.err().println("agent-strace setup: warning: " + w));
        }
        if (!install && !uninstall) {
            ctx.err().println("Add this to " + file + " (or run 'agent-strace setup --agent " + agent.agent()
                    + " --install" + (global ? " --global" : "") + "'):");
            ctx.err().println();
            ctx.out().println(Json.write(agent.hooksBlock(options), Json.Style.PRETTY));
            ctx.out().flush();
            ctx.err().println();
            notes(ctx, agent, global);
            ctx.err().println("Replay with: agent-strace replay");
            return ExitCode.OK.code();
        }
        SetupCommand.Edit edit = SetupCommand.edit(file, before -> install ? agent.install(before, options)
                : agent.uninstall(before, options));
        ClaudeSettings.Change change = edit.change();
        if (edit.unchanged()) {
            ctx.out().println(install
                    ? "agent-strace hooks for " + agent.displayName() + " are already installed in " + file
                    + "; nothing changed."
                    : "No agent-strace hooks in " + file + "; nothing changed.");
            if (install) {
                notes(ctx, agent, global);
            }
            return ExitCode.OK.code();
        }
        Path backup = ClaudeSettingsFile.write(file, change.settings());
        if (install) {
            ctx.out().println("Installed agent-strace hooks for " + agent.displayName() + " ("
                    + Plural.count(change.added(), "event") + ") in " + file
                    + (change.removed() > 0 ? " (replacing " + change.removed() + " older "
                    + Plural.noun(change.removed(), "one") + ")" : "") + ".");
            notes(ctx, agent, global);
        } else {
            ctx.out().println("Removed " + Plural.count(change.removed(), "agent-strace hook") + " from " + file + ".");
        }
        if (backup != null) {
            ctx.out().println("Previous file saved as " + backup + ".");
        }
        return ExitCode.OK.code();
    }

    private static void notes(Context ctx, AgentSettings agent, boolean global) {
        for (String note : agent.enableNotes(global)) {
            ctx.err().println(note);
        }
    }
}
