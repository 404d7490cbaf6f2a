package io.github.agentstrace.cli;

import io.github.agentstrace.hook.ResidentRecorder;
import java.net.BindException;
import java.time.Duration;
import java.util.List;

/**
 * {@code recorder}: the resident recorder that Claude Code's http hooks POST to ({@code setup --install
 * --resident}). Serves 127.0.0.1 on one port until it has been idle for a while, then exits 0. Started
 * detached by the SessionStart and UserPromptSubmit command hooks when nothing answers on the port; when
 * another recorder of this user already has the port (two hooks raced to start one), it exits 0 quietly.
 */
final class RecorderCommand implements Command {
    @Override
    public String name() {
        return "recorder";
    }

    @Override
    public String summary() {
        return "Run the resident recorder for Claude Code http hooks (started by the hooks)";
    }

    @Override
    public String synopsis() {
        return "recorder [--port N] [--idle-minutes M]";
    }

    @Override
    public String details() {
        return """
                Listens on 127.0.0.1 only, answers every hook POST with 200 and an empty body, and writes each
                event exactly as 'agent-strace hook' would, into the trace directory the session's command hooks
                noted. Stops after --idle-minutes without a request; the next SessionStart or UserPromptSubmit
                hook starts it again. Problems go to hook-errors.log in the session's trace directory, or in
                <cache>/recorder/ ($AGENT_STRACE_CACHE_DIR, else ~/.cache/agent-strace) for payloads of no known
                session. Exits 0 without a word when this user's recorder already has the port.
                """;
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.value("--port", "N", "the loopback port (default: 20000 + uid % 10000, as setup --resident writes)"),
                Opt.value("--idle-minutes", "M", "exit after this many minutes without a request (default: "
                        + ResidentRecorder.DEFAULT_IDLE_MINUTES + ")"));
    }

    @Override
    public int run(Args args, Context ctx) throws Exception {
        args.positionals(0);
        int port = args.intValue("--port", ResidentRecorder.defaultPort(), 1, 65535);
        int idle = args.intValue("--idle-minutes", ResidentRecorder.DEFAULT_IDLE_MINUTES, 1, 7 * 24 * 60);
        ResidentRecorder recorder;
        try {
            recorder = ResidentRecorder.start(port, ctx.clock(), Duration.ofMinutes(idle), ctx.env(),
                    ResidentRecorder.stateDir(ctx.env()), ResidentRecorder.MAX_BODY);
        } catch (BindException e) {
            if (ResidentRecorder.servedByThisUser(port)) {
                return ExitCode.OK.code(); // another hook started it first: that one serves
            }
            throw new DataException("127.0.0.1:" + port + " is in use by another program; choose another port"
                    + " (agent-strace setup --install --resident --port N)");
        }
        ctx.err().println("agent-strace recorder: listening on http://127.0.0.1:" + recorder.port()
                + ResidentRecorder.HOOK_PATH + "; exits after " + idle + " idle minutes");
        recorder.awaitStop();
        return ExitCode.OK.code();
    }
}
