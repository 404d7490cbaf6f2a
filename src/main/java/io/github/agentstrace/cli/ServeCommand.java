package io.github.agentstrace.cli;

import io.github.agentstrace.analysis.Selection;
import io.github.agentstrace.cost.PriceTable;
import io.github.agentstrace.receive.OtlpReceiver;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.web.Dashboard;
import java.io.IOException;
import java.net.BindException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code serve}: a local, read-only dashboard over the trace directory (or, with {@code --all}, every registered
 * one), live while sessions are recorded.
 */
final class ServeCommand implements Command {
    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "Serve a local dashboard of the sessions (live, read-only)";
    }

    @Override
    public String synopsis() {
        return "serve [--port 7777] [--host 127.0.0.1] [--open] [--all] [--project DIR] [--prices FILE]"
                + " [--otlp [--otlp-port 4318]]";
    }

    @Override
    public String details() {
        return """
                The sessions as a sortable table; each session as the share page, updated live while it is
                recorded; search, clusters and report pages with their charts; a read-only JSON API under /api/
                (docs/web.md). It listens on 127.0.0.1 unless told
                otherwise; any other --host is reachable by others, so every request then needs a random access
                token, printed once in the URL. --port 0 picks a free port. Stop it with Ctrl-C.
                --otlp also runs 'agent-strace receive' on 127.0.0.1:4318 (--otlp-port; always loopback, whatever
                --host), so sessions Claude Code sends over OpenTelemetry appear on the dashboard as they come.
                --all serves every trace directory this user has recorded into (as list --all: the registry in
                $XDG_CONFIG_HOME/agent-strace/trace-dirs, else ~/.config/agent-strace/trace-dirs; directories moved or
                deleted are skipped), the ones registered when it starts; the sessions table then has a Project
                column, and --project DIR serves only the directories of the project DIR or below it. A session id
                held by two directories is opened in the first, or in the one ?d=N names (the list links each).""";
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.value("--port", "PORT", "the port to listen on (default 7777; 0: any free port)", "-p"),
                Opt.value("--host", "ADDRESS", "the address to listen on (default 127.0.0.1)"),
                Opt.flag("--open", "open the dashboard in the browser"),
                Opt.flag("--all", "every registered trace directory, not only this one"),
                Opt.value("--project", "DIR", "the trace directories of the project DIR or below it (implies --all)"),
                Opt.value("--prices", "FILE", "your prices, merged over the built-in table (see cost --help)"),
                Opt.flag("--otlp", "also receive OTLP/HTTP telemetry into the trace directory (as 'receive' does)"),
                Opt.value("--otlp-port", "PORT", "with --otlp: the receiver's port (default 4318; 0: any free port)"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException, IOException, InterruptedException {
        args.positionals(0);
        int port = args.intValue("--port", 7777, 0, 65535);
        String host = args.value("--host", "127.0.0.1").strip();
        if (host.isEmpty()) {
            throw new UsageException("--host needs an address, e.g. 127.0.0.1");
        }
        boolean otlp = args.flag("--otlp");
        if (args.value("--otlp-port") != null && !otlp) {
            throw new UsageException("--otlp-port is the receiver's port: use it with --otlp");
        }
        int otlpPort = args.intValue("--otlp-port", ReceiveCommand.DEFAULT_PORT, 0, 65535);
        Consumer<String> warn = w -> ctx.err().println("agent-strace serve: " + w);
        PriceTable prices = ctx.prices(args.value("--prices"));
        var store = ctx.store();
        Selection selection = SelectionOptions.of(args, ctx, warn);
        List<Selection.Dir> dirs = selection.dirs();
        if (dirs.isEmpty()) {
            throw new DataException("no registered trace directory belongs to the project " + args.value("--project")
                    + " (agent-strace list --all shows the projects)");
        }
        OtlpReceiver receiver = null;
        if (otlp) {
            // Before the dashboard, so a port in use is reported before anything else starts.
            try {
                receiver = OtlpReceiver.start(new OtlpReceiver.Settings("127.0.0.1", otlpPort,
                        OtlpReceiver.DEFAULT_MAX_BODY, store, Redactor.forCapture(false, false, ctx.env()), ctx.clock(),
                        warn));
            } catch (IOException e) {
                throw new DataException("cannot receive OTLP on 127.0.0.1:" + otlpPort + ": " + e.getMessage()
                        + (otlpPort != 0 ? " (another port: --otlp-port 0 picks a free one)" : ""));
            }
        }
        Dashboard d;
        try {
            d = Dashboard.start(new Dashboard.Settings(host, port, dirs, selection, s -> ctx.reading(s, prices, warn), warn,
                    100, ctx.home()));
        } catch (BindException e) {
            close(receiver);
            throw new DataException("cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + (port != 0 ? " (another port: --port 0 picks a free one)" : ""));
        } catch (IOException | IllegalArgumentException e) {
            close(receiver);
            throw new DataException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        if (d.needsToken()) {
            warn.accept("listening on " + host + ", not only on this machine: anyone who can reach it and has the"
                    + " URL below can read your traces (prompts, commands, outputs)");
        }
        ctx.out().println("agent-strace serve: " + (dirs.size() == 1 ? dirs.get(0).path().toString()
                : dirs.size() + " trace directories") + " on " + d.url());
        if (receiver != null) {
            ctx.out().println("agent-strace serve: receiving OTLP/HTTP on " + receiver.url()
                    + " (OTEL_EXPORTER_OTLP_ENDPOINT)");
        }
        ctx.out().flush();
        if (args.flag("--open")) {
            open(d.url(), warn);
        }
        OtlpReceiver r = receiver;
        UntilStopped.await("serve", () -> {
            d.close();
            close(r);
        });
        return ExitCode.OK.code();
    }

    private static void close(OtlpReceiver receiver) {
        if (receiver != null) {
            receiver.close();
        }
    }

    /** Opens the URL in the user's browser, without a shell; a failure is only a warning. */
    private static void open(String url, Consumer<String> warn) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        List<String> command = os.contains("mac") ? List.of("open", url)
                : os.contains("win") ? List.of("rundll32", "url.dll,FileProtocolHandler", url)
                : List.of("xdg-open", url);
        try {
            new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            warn.accept("cannot open a browser (" + command.get(0) + ": " + e.getMessage() + "); open " + url);
        }
    }
}
