package io.github.agentstrace.cli;

import io.github.agentstrace.wrap.ConfigFiles;
import io.github.agentstrace.wrap.McpConfig;
import io.github.agentstrace.wrap.TextDiff;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code unwrap <config> [--dry-run]}: undoes {@code wrap}. When nothing else in the file changed since,
 * the backup is put back byte for byte and removed; otherwise each wrapped server gets its own command
 * and arguments back in place and the backup is kept.
 */
final class UnwrapCommand implements Command {
    @Override
    public String name() {
        return "unwrap";
    }

    @Override
    public String summary() {
        return "Undo wrap: restore an MCP client config's original server commands";
    }

    @Override
    public String synopsis() {
        return "unwrap <config-file> [--dry-run]";
    }

    @Override
    public List<Opt> options() {
        return List.of(Opt.flag("--dry-run", "show the changes as a diff; write nothing"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        List<String> files = args.positionals(1);
        if (files.isEmpty()) {
            throw new UsageException("missing the config file to unwrap");
        }
        Path file = ctx.cwd().resolve(files.get(0));
        PrintStream out = ctx.out();
        String text = ConfigFiles.read(file);
        String backup = ConfigFiles.readIfPresent(ConfigFiles.backupOf(file));
        McpConfig.Result r = McpConfig.unwrap(text, files.get(0), backup);
        if (!r.changed()) {
            out.println("nothing to unwrap in " + files.get(0));
            return ExitCode.OK.code();
        }
        if (args.flag("--dry-run")) {
            out.print(TextDiff.unified(text, r.text(), files.get(0), files.get(0) + " (unwrapped)"));
            out.println("would unwrap " + String.join(", ", r.rewritten()));
            return ExitCode.OK.code();
        }
        ConfigFiles.replace(file, r.text());
        if (r.exact()) {
            ConfigFiles.deleteBackup(file);
            out.println("restored " + files.get(0) + " exactly as it was before wrap (backup removed)");
        } else {
            out.println("unwrapped " + String.join(", ", r.rewritten()) + " in " + files.get(0));
            if (Files.isRegularFile(ConfigFiles.backupOf(file))) {
                out.println("the file changed since it was wrapped, so the backup was kept: "
                        + ConfigFiles.backupOf(Path.of(files.get(0))));
            }
        }
        return ExitCode.OK.code();
    }
}
