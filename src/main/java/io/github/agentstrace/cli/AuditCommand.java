package io.github.agentstrace.cli;

import io.github.agentstrace.guard.Audit;
import io.github.agentstrace.guard.Policy;
import io.github.agentstrace.guard.Sarif;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.store.FilePermissions;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.TerminalWidth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code audit}: every recorded tool call checked against the policy; the violations with their event
 * number, rule and subject, and the sensitive files touched. Exit status 1 when there is a violation, so
 * CI can gate on it; {@code --format sarif} for GitHub code scanning.
 */
final class AuditCommand implements Command {
    @Override
    public String name() {
        return "audit";
    }

    @Override
    public String summary() {
        return "Check every recorded call against the policy (exit 1 on a violation; SARIF for CI)";
    }

    @Override
    public String synopsis() {
        return "audit [session-id...] [--all | --since WHEN] [--policy FILE] [--json | --format text|json|sarif] [-o FILE] [--strict]";
    }

    @Override
    public String details() {
        return """
                Without a session id, the most recently started session; subagent sessions are audited with their
                parent. The policy is --policy FILE, else .agent-strace/policy.json, else the original's
                .agent-scope.json in this directory; without one only sensitive files are flagged. Each call is
                judged as the session model reads it (see docs/guard.md); paths are taken from the directory the
                session worked in. A call the policy denied when it was made is marked [blocked].
                Exit status: 0 no violation, 1 a violation (with --strict: also a sensitive file touched).""";
    }

    @Override
    public List<Opt> options() {
        List<Opt> o = new ArrayList<>(SessionSelection.options());
        o.add(PolicyOption.OPT);
        o.add(Opt.flag("--json", "print the audit as JSON (same as --format json)"));
        o.add(Opt.value("--format", "F", "text (default), json, or sarif (SARIF 2.1.0, for GitHub code scanning)"));
        o.add(Opt.value("--output", "FILE", "write the report to FILE instead of stdout", "-o"));
        o.add(Opt.flag("--strict", "exit 1 also when a sensitive file was touched"));
        return o;
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException, IOException {
        String format = args.value("--format", args.flag("--json") ? "json" : "text").trim().toLowerCase(Locale.ROOT);
        if (!List.of("text", "json", "sarif").contains(format)) {
            throw new UsageException("invalid --format '" + args.value("--format") + "' (use text, json or sarif)");
        }
        if (args.flag("--json") && !format.equals("json")) {
            throw new UsageException("--json and --format " + format + " cannot be combined");
        }
        Consumer<String> warn = w -> ctx.err().println("agent-strace audit: " + w);
        Policy policy = PolicyOption.load(args, ctx, warn);
        TraceStore store = ctx.store();
        Reading reading = ctx.reading(ctx.prices(null), warn);
        List<String> ids = SessionSelection.resolve(args, ctx, reading.tree(), warn);
        Audit.Collector collector = new Audit.Collector(policy, ctx.cwd().toString(), ctx.home().toString());
        for (String id : ids) {
            reading.read(id, true, false, collector.listener());
        }
        Audit audit = collector.finish();
        String report = switch (format) {
            case "json" -> Json.writePretty(audit.toJson()) + "\n";
            case "sarif" -> Json.writePretty(Sarif.of(audit, VersionCommand.version(), ctx.cwd(), store::eventsFile,
                    (id, events) -> store.reader(id, w -> { }).lineNumbers(events))) + "\n";
            default -> audit.text(args.value("--output") == null ? ctx.ansi() : new io.github.agentstrace.term.Ansi(false),
                    args.value("--output") == null ? TerminalWidth.resolve(ctx.env(), ctx.stdoutIsTerminal()) : 0);
        };
        String out = args.value("--output");
        if (out == null) {
            ctx.out().print(report);
        } else {
            Path file = ctx.cwd().resolve(out);
            if (Files.isDirectory(file)) {
                throw new UsageException("--output " + out + " is a directory, not a file");
            }
            try {
                FilePermissions.replace(file, report.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new DataException("cannot write " + file + ": " + e.getMessage());
            }
        }
        boolean failed = !audit.violations().isEmpty() || (args.flag("--strict") && !audit.flags().isEmpty());
        return failed ? ExitCode.FOUND.code() : ExitCode.OK.code();
    }
}
