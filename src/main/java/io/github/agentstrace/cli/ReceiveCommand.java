package io.github.agentstrace.cli;

import io.github.agentstrace.net.LocalServer;
import io.github.agentstrace.receive.OtlpReceiver;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.net.BindException;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code receive}: an OTLP/HTTP receiver that records what Claude Code (or any agent with GenAI telemetry)
 * exports as ordinary sessions. Parses the flags, starts {@code receive.OtlpReceiver}, prints its URL on stdout
 * and serves until Ctrl-C.
 */
final class ReceiveCommand implements Command {
    static final int DEFAULT_PORT = 4318;
    private static final String PREFIX = "agent-strace receive: ";

    @Override
    public String name() {
        return "receive";
    }

    @Override
    public String summary() {
        return "Receive OpenTelemetry (OTLP/HTTP) logs and traces from Claude Code or a GenAI agent as sessions";
    }

    @Override
    public String synopsis() {
        return "receive [--port 4318] [--host 127.0.0.1] [--max-body BYTES] [--no-redact] [--mask-pii]";
    }

    @Override
    public String details() {
        return """
                Serves POST /v1/logs, /v1/traces and /v1/metrics (protobuf or JSON, gzip accepted) until Ctrl-C, and
                prints its URL on stdout: point OTEL_EXPORTER_OTLP_ENDPOINT at it (setup --otel prints the block).
                Claude Code's events (prompts, tool decisions and results, API requests with tokens and cost) and
                its trace spans, and any agent's gen_ai.* spans, become sessions named otlp-<session.id>, which
                replay, explain and export like any other; metrics are accepted and not recorded.
                Answers: 200 (partial_success for rejected items), 400 malformed, 413 over --max-body (compressed
                or not), 415 other content types, 405 other methods, 421 a Host that is not this server.
                Trace directory: --trace-dir, else $AGENT_TRACE_DIR, else ./.agent-traces.""";
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.value("--port", "N", "port to listen on (default " + DEFAULT_PORT + "; 0 = any free port)", "-p"),
                Opt.value("--host", "H", "address to listen on (default 127.0.0.1)"),
                Opt.value("--max-body", "BYTES", "largest request body, before and after decompression (default "
                        + OtlpReceiver.DEFAULT_MAX_BODY + ")"),
                Opt.flag("--no-redact", "record secrets in clear"),
                Opt.flag("--mask-pii", "also mask e-mail addresses, phone numbers and card numbers"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException, IOException {
        args.positionals(0);
        int port = args.intValue("--port", DEFAULT_PORT, 0, 65535);
        String host = args.value("--host", "127.0.0.1");
        long maxBody = maxBody(args.value("--max-body"));
        Redactor redactor = Redactor.forCapture(args.flag("--no-redact"), args.flag("--mask-pii"), ctx.env());
        Consumer<String> warn = w -> ctx.err().println(PREFIX + w);
        TraceStore store = ctx.store();
        OtlpReceiver running;
        try {
            running = OtlpReceiver.start(new OtlpReceiver.Settings(host, port, maxBody, store, redactor, ctx.clock(), warn));
        } catch (BindException e) {
            throw new DataException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new DataException("cannot listen on " + host + ":" + port + ": " + e);
        }
        ctx.out().println(running.url());
        ctx.out().flush();
        ctx.err().println(PREFIX + "recording OTLP/HTTP into " + store.root() + "; set OTEL_EXPORTER_OTLP_ENDPOINT="
                + running.url());
        if (!LocalServer.isLoopback(host)) {
            ctx.err().println(PREFIX + "warning: listening on " + host + ": anyone who can reach this port can write"
                    + " sessions into " + store.root());
        }
        UntilStopped.await("receive", running::close);
        return ExitCode.OK.code();
    }

    private static long maxBody(String text) throws UsageException {
        if (text == null) {
            return OtlpReceiver.DEFAULT_MAX_BODY;
        }
        try {
            long n = Long.parseLong(text.trim());
            if (n >= 1024 && n <= Integer.MAX_VALUE - 16) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException("--max-body takes a byte count from 1024 to " + (Integer.MAX_VALUE - 16) + ", got '"
                + text + "'");
    }
}
