package io.github.agentstrace.cli;

import io.github.agentstrace.term.Plural;
import io.github.agentstrace.wrap.ConfigFiles;
import io.github.agentstrace.wrap.McpConfig;
import io.github.agentstrace.wrap.TextDiff;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code wrap <config> [--dry-run] [--name-prefix P] [--command PATH]}: rewrites an MCP client config so
 * that each stdio server runs through {@code agent-strace record --name <server> --}. The rewriting is
 * {@link McpConfig}'s; this class reads, backs up, writes and reports.
 */
final class WrapCommand implements Command {
    @Override
    public String name() {
        return "wrap";
    }

    @Override
    public String summary() {
        return "Rewrite an MCP client config so every stdio server is recorded";
    }

    @Override
    public String synopsis() {
        return "wrap <config-file> [--dry-run] [--name-prefix PREFIX] [--command PATH]";
    }

    @Override
    public String details() {
        return """
                Understands Claude Code (.mcp.json, ~/.claude.json), Cursor (mcp.json), Windsurf (mcp_config.json),
                VS Code (mcp.json with "servers") and Claude Desktop (claude_desktop_config.json). Each stdio server
                becomes "command": "agent-strace", "args": ["record", "--name", <server>, "--", <command>, <args>...];
                env and every other setting stay. Wrapped servers are left alone, so running it twice is harmless.
                The original is saved as <config-file>.agent-strace.bak; 'agent-strace unwrap' restores it.
                Remote servers (url, serverUrl) are listed with the record-http command that would proxy them.
                With --trace-dir DIR, the servers record into DIR (made absolute) instead of their working directory.""";
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.flag("--dry-run", "show the changes as a diff; write nothing"),
                Opt.value("--name-prefix", "PREFIX", "prefix for the session names (default: none)"),
                Opt.value("--command", "PATH", "the agent-strace launcher the client runs (default: agent-strace on PATH)",
                        "--exec"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        List<String> files = args.positionals(1);
        if (files.isEmpty()) {
            throw new UsageException("missing the config file to wrap");
        }
        String exec = args.value("--command", McpConfig.DEFAULT_EXEC);
        String base = Path.of(exec).getFileName() == null ? "" : Path.of(exec).getFileName().toString();
        if (!base.startsWith(McpConfig.DEFAULT_EXEC)) {
            throw new UsageException("--command must name an agent-strace launcher (its file name starts with"
                    + " 'agent-strace'), got '" + exec + "'");
        }
        Path file = ctx.cwd().resolve(files.get(0));
        String traceDir = ctx.traceDirFlag() == null ? null : ctx.traceDir().toString();
        PrintStream out = ctx.out();
        String text = ConfigFiles.read(file);
        McpConfig.Result r = McpConfig.wrap(text, files.get(0),
                new McpConfig.Options(exec, args.value("--name-prefix"), traceDir));
        for (String note : r.notes()) {
            ctx.err().println("agent-strace wrap: " + note);
        }
        if (r.changed()) {
            LauncherCheck.warning(exec, "the client", ctx)
                    .ifPresent(w -> ctx.err().println("agent-strace wrap: warning: " + w));
        }
        boolean dry = args.flag("--dry-run");
        if (!r.changed()) {
            out.println("nothing to wrap in " + files.get(0)
                    + (r.untouched().isEmpty() ? "" : " (already wrapped: " + String.join(", ", r.untouched()) + ")"));
        } else if (dry) {
            out.print(TextDiff.unified(text, r.text(), files.get(0), files.get(0) + " (wrapped)"));
            out.println("would wrap " + count(r.rewritten()) + ": " + String.join(", ", r.rewritten()));
        } else {
            Path backup = ConfigFiles.backupOf(file);
            // A file that already holds wrapped servers keeps the backup of its unwrapped state.
            boolean keepOldBackup = !r.untouched().isEmpty() && Files.isRegularFile(backup);
            if (!keepOldBackup) {
                ConfigFiles.backup(file);
            }
            ConfigFiles.replace(file, r.text());
            out.println("wrapped " + count(r.rewritten()) + " in " + files.get(0) + ": "
                    + String.join(", ", r.rewritten()));
            if (!r.untouched().isEmpty()) {
                out.println("already wrapped: " + String.join(", ", r.untouched()));
            }
            out.println("backup: " + ConfigFiles.backupOf(Path.of(files.get(0))));
            out.println("restart the client to apply; undo with: agent-strace unwrap " + files.get(0));
        }
        for (McpConfig.Remote remote : r.remotes()) {
            out.println("remote server \"" + remote.name() + "\" (" + remote.url() + ") is not wrapped; to record it run:");
            out.println("  " + remote.command());
            out.println("and point \"" + remote.name() + "\" at " + remote.localUrl());
        }
        return ExitCode.OK.code();
    }

    private static String count(List<String> names) {
        return Plural.count(names.size(), "server");
    }
}
