package io.github.agentstrace.cli;

import io.github.agentstrace.mcpserver.McpHttpServer;
import io.github.agentstrace.mcpserver.McpServer;
import io.github.agentstrace.mcpserver.StdioServer;
import io.github.agentstrace.mcpserver.Traces;
import io.github.agentstrace.net.LocalServer;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.net.BindException;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code mcp}: the recorded sessions as a read-only MCP server, on stdio (the default: a client starts it) or
 * on Streamable HTTP with {@code --http}. Parses the flags and starts {@code mcpserver}; nothing more.
 */
final class McpCommand implements Command {
    static final int DEFAULT_PORT = 5200;
    private static final String PREFIX = "agent-strace mcp: ";

    @Override
    public String name() {
        return "mcp";
    }

    @Override
    public String summary() {
        return "Serve the recorded sessions to agents as an MCP server (stdio, or HTTP with --http)";
    }

    @Override
    public String synopsis() {
        return "mcp [--http [PORT]] [--port N] [--host H] [--prices FILE]";
    }

    @Override
    public String details() {
        return """
                Tools (read-only): list_sessions, get_session, explain, why, diff, stats, cost, recent_failures, search,
                clusters.
                Resources: agent-strace://session/<id>, each session's summary in markdown.
                Without --http it speaks MCP on stdin/stdout, for a client that starts it (setup --mcp registers
                it with Claude Code). With --http it serves Streamable HTTP at http://127.0.0.1:PORT/mcp (default
                port 5200; --port 0 picks a free one) until Ctrl-C; the URL is printed on stderr.
                Trace directory: --trace-dir, else $AGENT_TRACE_DIR, else $CLAUDE_PROJECT_DIR/.agent-traces,
                else ./.agent-traces.""";
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.flag("--http", "serve Streamable HTTP instead of stdio (an optional PORT may follow)"),
                Opt.value("--port", "N", "with --http: port to listen on (default " + DEFAULT_PORT + "; 0 = any free port)",
                        "-p"),
                Opt.value("--host", "H", "with --http: address to listen on (default 127.0.0.1)"),
                Opt.value("--prices", "FILE", "your prices, merged over the built-in table (see cost --help)"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException, IOException {
        boolean http = args.flag("--http");
        List<String> pos = args.positionals(http ? 1 : 0);
        if (!http && (args.value("--port") != null || args.value("--host") != null)) {
            throw new UsageException("--port and --host are for --http (stdio needs neither)");
        }
        int port = args.intValue("--port", DEFAULT_PORT, 0, 65535);
        if (!pos.isEmpty()) {
            if (args.value("--port") != null) {
                throw new UsageException("give the port once: --http " + pos.get(0) + " or --port " + args.value("--port"));
            }
            port = port(pos.get(0));
        }
        String host = args.value("--host", "127.0.0.1");
        Consumer<String> warn = w -> ctx.err().println(PREFIX + w);
        Traces traces = new Traces(new TraceStore(ctx.projectTraceDir()), ctx.prices(args.value("--prices")),
                ctx.clock(), warn);
        McpServer server = McpServer.of(traces, VersionCommand.version());
        if (!http) {
            new StdioServer(server).serve(ctx.in(), ctx.out());
            return ExitCode.OK.code();
        }
        McpHttpServer running;
        try {
            running = McpHttpServer.start(server, host, port, warn);
        } catch (BindException e) {
            throw new DataException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new DataException("cannot listen on " + host + ":" + port + ": " + e);
        }
        ctx.err().println(PREFIX + "serving " + traces.store().root() + " on " + running.url());
        if (!LocalServer.isLoopback(host)) {
            ctx.err().println(PREFIX + "warning: listening on " + host + ": anyone who can reach this port can read"
                    + " your sessions");
        }
        UntilStopped.await("mcp", running::close);
        return ExitCode.OK.code();
    }

    private static int port(String text) throws UsageException {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 0 && n <= 65535) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException("--http takes a port from 0 to 65535, got '" + text + "'");
    }
}
