package io.github.agentstrace.cli;

import io.github.agentstrace.hook.AgentSettings;
import io.github.agentstrace.hook.ClaudeSettings;
import io.github.agentstrace.hook.ClaudeSettingsFile;
import io.github.agentstrace.hook.ResidentRecorder;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.term.Plural;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code setup}: the Claude Code hooks that record every session, printed (the default) or merged into
 * {@code .claude/settings.json} / {@code ~/.claude/settings.json} with {@code --install}, or taken out
 * again with {@code --uninstall}; with {@code --agent}, another agent's hooks in its own file ({@link SetupAgent}).
 */
final class SetupCommand implements Command {
    @Override
    public String name() {
        return "setup";
    }

    @Override
    public String summary() {
        return "Print or install the hooks that record every session of Claude Code (or --agent codex|gemini|copilot|cursor)";
    }

    @Override
    public String synopsis() {
        return "setup [--agent AGENT] [--install | --uninstall] [--global] [--no-redact] [--sync] [--resident [--port N]] [--enforce] [--command PATH] [--mcp] [--otel]";
    }

    @Override
    public String details() {
        return """
                Without --install or --uninstall, prints the hooks JSON to paste into the settings file.
                --install merges it into .claude/settings.json (with --global: ~/.claude/settings.json),
                keeping every other setting and hook; running it again changes nothing. The previous file is
                saved as settings.json.agent-strace.bak. A file that is not valid JSON is never touched.
                Hooks run asynchronously (the agent never waits for them) except SessionEnd, which is
                synchronous with a timeout so the session is closed before Claude Code exits.
                The commands call 'agent-strace' from PATH; use --command /abs/path/bin/agent-strace otherwise
                (setup warns when it is not on this PATH, and names this installation's launcher).
                --resident POSTs the tool, stop, subagent, notification and compaction events to a resident
                recorder on 127.0.0.1:PORT ("type": "http": milliseconds per event instead of a JVM start).
                SessionStart, UserPromptSubmit and SessionEnd stay command hooks; the first two start the
                recorder when it is not running (SessionStart synchronously, so the first tool call finds it),
                so a recorder that died costs at most the events until the next prompt. The recorder exits
                after an idle hour; --uninstall removes both kinds.
                --enforce makes PreToolUse a synchronous command hook with 'hook pre-tool --enforce': a call that
                breaks the project's policy (.agent-strace/policy.json or .agent-scope.json) is denied with the
                reason before it runs; everything else, and any failure of the check, lets the call go ahead.
                --agent codex|gemini|copilot|cursor writes that agent's hooks instead, in its own file and shape:
                .codex/hooks.json, .gemini/settings.json, .github/hooks/agent-strace.json, .cursor/hooks.json
                (with --global: ~/.codex/hooks.json, ~/.gemini/settings.json, ~/.copilot/hooks/agent-strace.json,
                ~/.cursor/hooks.json), and says how to trust or enable them where the agent asks for it.
                --mcp registers 'agent-strace mcp' (the traces as an MCP server) with Claude Code instead: in
                .mcp.json (with --global: ~/.claude.json), idempotent, with a backup; --uninstall removes it. It
                also prints the entries for Cursor, Windsurf, VS Code and Claude Desktop.
                --otel prints the "env" settings that make Claude Code export its events over OpenTelemetry to
                'agent-strace receive' on 127.0.0.1:PORT (--port, default 4318), and what each content switch
                reveals; with --install it merges them into the settings file's "env" (--uninstall takes them out).
                For machines where hooks cannot be installed, or alongside them.
                """;
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.value("--agent", "AGENT", "the agent: claude-code (default), codex, gemini, copilot, cursor"),
                Opt.flag("--install", "merge the hooks into the settings file"),
                Opt.flag("--uninstall", "remove agent-strace's hooks from the settings file"),
                Opt.flag("--global", "use ~/.claude/settings.json instead of the project's .claude/settings.json"),
                Opt.flag("--no-redact", "hooks store secrets as they are (redaction is on by default)"),
                Opt.flag("--redact", "hooks redact secrets (the default; accepted for compatibility)"),
                Opt.flag("--sync", "register synchronous hooks (the agent waits for each one)"),
                Opt.value("--command", "PATH", "the agent-strace executable written into the hooks (default: agent-strace)"),
                Opt.value("--timeout", "SECONDS", "each hook's timeout in seconds (default: 10)"),
                Opt.flag("--resident", "POST most events to a resident recorder (agent-strace recorder) instead"
                        + " of starting a JVM per event"),
                Opt.value("--port", "N", "the resident recorder's loopback port (default: 20000 + uid % 10000)"),
                Opt.flag("--enforce", "PreToolUse waits for the policy check and denies a call that breaks it"),
                Opt.flag("--mcp", "register the agent-strace MCP server with Claude Code instead of the hooks"),
                Opt.flag("--otel", "the settings that send Claude Code's telemetry to 'agent-strace receive' instead"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException, IOException {
        args.positionals(0);
        boolean install = args.flag("--install");
        boolean uninstall = args.flag("--uninstall");
        if (install && uninstall) {
            throw new UsageException("--install and --uninstall cannot be combined");
        }
        if (args.flag("--redact") && args.flag("--no-redact")) {
            throw new UsageException("--redact and --no-redact cannot be combined");
        }
        String agentName = args.value("--agent");
        boolean otherAgent = agentName != null && !agentName.equalsIgnoreCase("claude-code")
                && !agentName.equalsIgnoreCase("claude");
        if (args.flag("--otel")) {
            if (otherAgent) {
                throw new UsageException("--otel is for Claude Code's telemetry; it takes no --agent");
            }
            return SetupOtel.run(args, ctx);
        }
        String executable = args.value("--command", ClaudeSettings.Options.DEFAULT_EXECUTABLE);
        if (executable.isBlank()) {
            throw new UsageException("--command needs a non-empty path");
        }
        if (otherAgent) {
            AgentSettings agent = AgentSettings.of(agentName);
            if (agent == null) {
                throw new UsageException("unknown agent '" + agentName + "': use claude-code, codex, gemini, copilot"
                        + " or cursor");
            }
            if (args.flag("--mcp")) {
                throw new UsageException("--mcp registers the MCP server with Claude Code; it takes no --agent");
            }
            return SetupAgent.run(args, ctx, agent, executable, install, uninstall);
        }
        if (args.flag("--mcp")) {
            return SetupMcp.run(args, ctx, executable);
        }
        int timeout = args.intValue("--timeout", ClaudeSettings.Options.DEFAULT_TIMEOUT_SECONDS, 1, 600);
        String traceDir = ctx.traceDirFlag() == null ? null : ctx.traceDir().toString();
        if (!uninstall) {
            LauncherCheck.warning(executable, "Claude Code", ctx)
                    .ifPresent(w -> ctx.err().println("agent-strace setup: warning: " + w));
        }
        boolean resident = args.flag("--resident");
        if (args.value("--port") != null && !resident) {
            throw new UsageException("--port is the resident recorder's port: use it with --resident");
        }
        int port = resident ? args.intValue("--port", ResidentRecorder.defaultPort(), 1, 65535) : 0;
        ClaudeSettings.Options options = new ClaudeSettings.Options(executable, args.flag("--no-redact"),
                !args.flag("--sync"), timeout, traceDir, port, args.flag("--enforce"));
        boolean global = args.flag("--global");
        String shownPath = global ? "~/.claude/settings.json" : ".claude/settings.json";
        if (!install && !uninstall) {
            ctx.err().println("Add this to " + shownPath + " (or run 'agent-strace setup --install"
                    + (global ? " --global" : "") + "'):");
            ctx.err().println();
            ctx.out().println(Json.write(ClaudeSettings.hooksBlock(options), Json.Style.PRETTY));
            ctx.out().flush();
            ctx.err().println();
            ctx.err().println("This captures the full Claude Code session: user prompts, assistant responses, every tool call");
            ctx.err().println("(Bash, Edit, Write, Read, Agent and all MCP tools) and subagents.");
            ctx.err().println("Replay with: agent-strace replay");
            return ExitCode.OK.code();
        }
        Path file = ClaudeSettingsFile.path(global ? ctx.home() : ctx.cwd());
        Edit edit = edit(file, before -> install ? ClaudeSettings.install(before, options)
                : ClaudeSettings.uninstall(before, options));
        ClaudeSettings.Change change = edit.change();
        if (edit.unchanged()) {
            ctx.out().println(install
                    ? "agent-strace hooks are already installed in " + file + "; nothing changed."
                    : "No agent-strace hooks in " + file + "; nothing changed.");
            return ExitCode.OK.code();
        }
        Path backup = ClaudeSettingsFile.write(file, change.settings());
        if (install) {
            ctx.out().println("Installed agent-strace hooks for " + Plural.count(change.added(), "event") + " in " + file
                    + (change.removed() > 0 ? " (replacing " + change.removed() + " older "
                    + Plural.noun(change.removed(), "one") + ")" : "") + ".");
            if (options.enforce()) {
                ctx.out().println("PreToolUse waits for 'hook pre-tool --enforce': calls that break the project's"
                        + " policy are denied.");
            }
            if (resident) {
                ctx.out().println("Tool and turn events go to the resident recorder at "
                        + ClaudeSettings.recorderUrl(port) + "; SessionStart and UserPromptSubmit start it.");
            }
        } else {
            ctx.out().println("Removed " + Plural.count(change.removed(), "agent-strace hook") + " from " + file + ".");
        }
        if (backup != null) {
            ctx.out().println("Previous file saved as " + backup + ".");
        }
        return ExitCode.OK.code();
    }

    /** A settings file before and after a change (setup of Claude Code's hooks and of other agents'). */
    record Edit(Map<String, Object> before, ClaudeSettings.Change change) {
        boolean unchanged() {
            return Json.write(change.settings()).equals(Json.write(before));
        }
    }

    /** Reads {@code file} and applies {@code change}; a file it may not touch or a refused change is a data error. */
    static Edit edit(Path file, java.util.function.Function<Map<String, Object>, ClaudeSettings.Change> change)
            throws IOException {
        Map<String, Object> before;
        try {
            before = ClaudeSettingsFile.read(file);
        } catch (ClaudeSettingsFile.RefusedException e) {
            throw new DataException(e.getMessage());
        }
        try {
            return new Edit(before, change.apply(before));
        } catch (IllegalArgumentException e) {
            throw new DataException("refusing to change " + file + ": " + e.getMessage());
        }
    }
}
