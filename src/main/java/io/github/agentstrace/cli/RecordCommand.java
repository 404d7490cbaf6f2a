package io.github.agentstrace.cli;

import io.github.agentstrace.hook.AutoExport;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.proxy.StdioProxy;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.replay.LivePrinter;
import io.github.agentstrace.term.Ansi;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code record [--name N] [--no-redact] [-v|-q] [--] <cmd> [args...]}: runs an MCP stdio server behind
 * the recording proxy. Options stop at the first word of the server command, so its own options
 * ({@code --port 3}) stay its own. Our stdout is the protocol's: everything of ours goes to stderr.
 */
final class RecordCommand implements Command {
    @Override
    public String name() {
        return "record";
    }

    @Override
    public String summary() {
        return "Record an MCP stdio server's traffic (use in place of the server command)";
    }

    @Override
    public String synopsis() {
        return "record [--name N] [--no-redact] [--privacy TIER] [--policy FILE] [-v|--verbose] [-q|--quiet] [--] <cmd> [args...]";
    }

    @Override
    public String details() {
        return """
                Put this in an MCP client's config in place of the server command, e.g.
                  agent-strace record --name fs -- npx -y @modelcontextprotocol/server-filesystem /tmp
                Bytes pass through untouched; a copy is recorded as a session. The exit status is the
                server's (127: command not found, 126: not executable). INT, TERM and HUP are passed on
                to the server. Secrets are redacted from the recording (not from the traffic) unless
                --no-redact or AGENT_TRACE_REDACT=0.
                With --policy FILE, a tools/call that breaks the policy never reaches the server: the proxy
                answers it with a JSON-RPC error (code -32001, the reason as its message) and records the
                denial. MCP tools are named mcp__<name>__<tool> in the policy's tools lists, <name> being --name.
                An invalid policy file stops record before the server starts (exit 1).""";
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.value("--name", "N", "agent name stored with the session (default: the command's name)", "-n"),
                Opt.flag("--no-redact", "record secrets as they are (forwarded bytes are never changed)"),
                Opt.flag("--redact", "redact secrets (the default; accepted for compatibility)"),
                Opt.value("--policy", "FILE", "deny the tools/call requests that break this policy (see docs/guard.md)"),
                Opt.flag("--mask-pii", "also mask e-mail addresses, phone numbers and card numbers in the recording"),
                PrivacyOption.OPT,
                Opt.flag("--verbose", "print each event live on stderr", "-v"),
                Opt.flag("--quiet", "print nothing of ours on stderr", "-q"));
    }

    @Override
    public boolean stopsAtFirstPositional() {
        return true;
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException, InterruptedException {
        List<String> command = args.rest();
        if (command.isEmpty()) {
            throw new UsageException("missing the server command to record (e.g. record -- npx -y some-mcp-server)");
        }
        boolean verbose = args.flag("--verbose");
        boolean quiet = args.flag("--quiet");
        if (verbose && quiet) {
            throw new UsageException("--verbose and --quiet cannot be used together");
        }
        if (args.flag("--no-redact") && args.flag("--redact")) {
            throw new UsageException("--redact and --no-redact cannot be used together");
        }
        String name = args.value("--name");
        if (name == null) {
            Path program = Path.of(command.get(0)).getFileName();
            name = program == null ? command.get(0) : program.toString();
        }
        Redactor redactor = Redactor.forCapture(args.flag("--no-redact"), args.flag("--mask-pii"), ctx.env())
                .withPrivacy(PrivacyOption.of(args, ctx));
        StdioProxy.Settings settings = StdioProxy.Settings.of(command, name)
                .withQuiet(quiet)
                .withWorkingDir(ctx.cwd());
        String policy = args.value("--policy");
        if (policy != null) {
            // Loaded before the server starts: a policy that cannot be read must not quietly enforce nothing.
            settings = settings.withGate(RecordPolicy.gate(ctx.cwd().resolve(policy), name, ctx));
        }
        if (verbose) {
            // stdout is the protocol, so colour follows stderr's use: only when forced.
            Ansi ansi = new Ansi(ctx.colorMode().enabled(ctx.env(), false));
            LivePrinter printer = new LivePrinter(ctx.err(), ansi, columns(ctx));
            settings = settings.withLive(printer::print);
        }
        StdioProxy proxy = new StdioProxy(settings, ctx.store(), redactor, Ids.secure(), ctx.clock(), ctx.err());
        StdioProxy.Result result = proxy.run(ctx.in(), ctx.out());
        if (result.meta() != null && !quiet) {
            ctx.err().println(RecordSummary.line(result.meta()));
        }
        if (result.sessionId() != null && AutoExport.configured(ctx.env())) {
            AutoExport.onSessionEnd(ctx.traceDir(), result.sessionId(), ctx.env()); // detached: we exit now
        }
        return result.exitCode();
    }

    private static int columns(Context ctx) {
        try {
            int c = Integer.parseInt(ctx.env().getOrDefault("COLUMNS", "").trim());
            return c > 20 ? c : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
