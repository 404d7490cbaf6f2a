package io.github.agentstrace.cli;

import io.github.agentstrace.hook.AutoExport;
import io.github.agentstrace.model.DataError;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.net.LocalServer;
import io.github.agentstrace.proxy.HttpRecordSession;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.replay.LivePrinter;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.Ansi;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * {@code record-http <url>}: a local HTTP proxy in front of a remote MCP server (Streamable HTTP or legacy
 * HTTP+SSE) that records every JSON-RPC message. Runs until Ctrl-C or SIGTERM, then ends the session.
 */
final class RecordHttpCommand implements Command {
    static final int DEFAULT_PORT = 5100;
    static final int DEFAULT_TIMEOUT_SECONDS = 300;
    private static final String PREFIX = "agent-strace record-http: ";

    @Override
    public String name() {
        return "record-http";
    }

    @Override
    public String summary() {
        return "Proxy a remote MCP server (Streamable HTTP or SSE) and record the session";
    }

    @Override
    public String synopsis() {
        return "record-http <url> [--port N] [--host H] [--name NAME] [--no-redact] [--privacy TIER] [--timeout SECONDS] [-v|-q]";
    }

    @Override
    public String details() {
        return """
                Point the MCP client at http://127.0.0.1:<port>/ : the proxy's / is <url> itself and
                /x/y?q is <url path>/x/y?q. Ctrl-C or SIGTERM ends the session.
                --port 0 picks a free port; the listening URL is always printed on stderr.
                Listening beyond 127.0.0.1 (--host) lets anyone who reaches the port use the upstream
                with the credentials your client sends.""";
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.value("--url", "URL", "the upstream MCP server URL (instead of the positional)", "-u"),
                Opt.value("--port", "N", "port to listen on (default " + DEFAULT_PORT + "; 0 = any free port)", "-p"),
                Opt.value("--host", "H", "address to listen on (default 127.0.0.1)"),
                Opt.value("--name", "NAME", "agent name stored with the session", "-n"),
                Opt.flag("--no-redact", "record secrets in clear (credential headers stay masked)"),
                Opt.flag("--redact", "redact secrets (the default; accepted for compatibility)"),
                Opt.flag("--mask-pii", "also mask e-mail addresses, phone numbers and card numbers in the recording"),
                PrivacyOption.OPT,
                Opt.value("--timeout", "SECONDS", "wait at most this long for upstream response headers (default "
                        + DEFAULT_TIMEOUT_SECONDS + ")"),
                Opt.flag("--verbose", "print each forwarded request and each recorded event on stderr", "-v"),
                Opt.flag("--quiet", "print only the listening address and errors", "-q"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        URI upstream = upstream(args);
        int port = args.intValue("--port", DEFAULT_PORT, 0, 65535);
        String host = args.value("--host", "127.0.0.1");
        int timeout = args.intValue("--timeout", DEFAULT_TIMEOUT_SECONDS, 1, 86_400);
        boolean verbose = args.flag("--verbose");
        boolean quiet = args.flag("--quiet");
        if (verbose && quiet) {
            throw new UsageException("--verbose and --quiet cannot be used together");
        }
        Redactor redactor = Redactor.forCapture(args.flag("--no-redact"), args.flag("--mask-pii"), ctx.env())
                .withPrivacy(PrivacyOption.of(args, ctx));
        var err = ctx.err();
        Ids ids = Ids.secure();
        Consumer<TraceEvent> live = e -> { };
        if (verbose) {
            LivePrinter printer = new LivePrinter(err, new Ansi(ctx.colorMode().enabled(ctx.env(), false)), 0);
            live = printer::print;
        }
        TraceStore store = ctx.store(); // a trace directory that cannot be one is reported as itself
        HttpRecordSession session;
        try {
            session = HttpRecordSession.start(
                    new HttpRecordSession.Settings(upstream, host, port, args.value("--name", ""),
                            Duration.ofSeconds(timeout)),
                    store, redactor, ids, ctx.clock(), live,
                    verbose ? line -> err.println(PREFIX + line) : line -> { },
                    line -> err.println(PREFIX + line));
        } catch (BindException e) {
            throw new DataException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataError de) {
                throw de;
            }
            throw new DataException("cannot listen on " + host + ":" + port + ": " + e);
        }
        String local = LocalServer.url(host, session.port()) + "/";
        String shown = session.displayUrl();
        if (!quiet) {
            err.println("agent-strace: recording HTTP session " + session.sessionId());
            err.println("agent-strace: proxying " + local + " -> " + shown);
        }
        err.println("agent-strace: HTTP proxy listening on " + local);
        if (!LocalServer.isLoopback(host)) {
            err.println(PREFIX + "warning: listening on " + host + ": anyone who can reach this port can use "
                    + shown + " with the credentials your client sends");
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            summary(session.finish(), quiet, err);
            autoExport(ctx, session.sessionId());
            stopped.countDown();
        }, "agent-strace-http-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook finishes the session
            }
            // With the interrupt still pending, the session's file channels would close at the first write.
            summary(session.finish(), quiet, err);
            autoExport(ctx, session.sessionId());
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK.code();
    }

    /** The session is complete on disk: hand it to a detached exporter when auto-export is configured. */
    private static void autoExport(Context ctx, String sessionId) {
        if (AutoExport.configured(ctx.env())) {
            AutoExport.onSessionEnd(ctx.traceDir(), sessionId, ctx.env());
        }
    }

    private static void summary(SessionMeta meta, boolean quiet, java.io.PrintStream err) {
        if (quiet) {
            return;
        }
        err.println(); // after the ^C the terminal echoed
        err.println(RecordSummary.line(meta));
    }

    private static URI upstream(Args args) throws UsageException {
        List<String> positionals = args.positionals(1);
        String flag = args.value("--url");
        String given;
        if (!positionals.isEmpty() && flag != null && !flag.equals(positionals.get(0))) {
            throw new UsageException("give the upstream URL once (positional or --url), not both");
        } else if (!positionals.isEmpty()) {
            given = positionals.get(0);
        } else if (flag != null) {
            given = flag;
        } else {
            throw new UsageException("missing the upstream MCP server URL (e.g. record-http https://mcp.example.com/mcp)");
        }
        URI uri;
        try {
            uri = new URI(given.strip());
        } catch (URISyntaxException e) {
            throw new UsageException("invalid URL '" + given + "': " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new UsageException("invalid URL '" + given + "': expected http:// or https:// and a host,"
                    + " e.g. https://mcp.example.com/mcp");
        }
        if (uri.getRawFragment() != null) {
            throw new UsageException("invalid URL '" + given + "': a URL fragment (#...) is never sent to a server");
        }
        return uri;
    }
}
