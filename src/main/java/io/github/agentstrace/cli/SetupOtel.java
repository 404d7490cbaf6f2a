package io.github.agentstrace.cli;

import io.github.agentstrace.hook.ClaudeSettingsFile;
import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code setup --otel}: the environment that makes Claude Code export its telemetry to {@code agent-strace
 * receive}, printed (the default), or merged into the settings file's {@code env} with {@code --install} (or
 * taken out with {@code --uninstall}): idempotent, the previous file kept as a backup, as for the hooks.
 */
final class SetupOtel {
    private SetupOtel() {
    }

    /**
     * The block: telemetry on, the logs exporter (Claude Code's events: what {@code receive} records) over
     * OTLP/HTTP protobuf to the receiver, and the two content switches, without which prompts arrive redacted
     * and tool calls without (most of) their input. Metrics and traces stay off: metrics never become events, and
     * spans repeat what the events say.
     */
    static Map<String, Object> env(int port) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("CLAUDE_CODE_ENABLE_TELEMETRY", "1");
        env.put("OTEL_LOGS_EXPORTER", "otlp");
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + port);
        env.put("OTEL_LOG_USER_PROMPTS", "1");
        env.put("OTEL_LOG_TOOL_DETAILS", "1");
        return env;
    }

    static int run(Args args, Context ctx) throws UsageException, IOException {
        for (String hookOnly : List.of("--sync", "--no-redact", "--redact", "--timeout", "--resident", "--command", "--mcp")) {
            if (args.flag(hookOnly)) {
                throw new UsageException(hookOnly + " is not for --otel; it takes --install, --uninstall, --global and"
                        + " --port (the receiver's)");
            }
        }
        int port = args.intValue("--port", ReceiveCommand.DEFAULT_PORT, 1, 65535);
        Map<String, Object> env = env(port);
        boolean global = args.flag("--global");
        PrintStream out = ctx.out();
        if (!args.flag("--install") && !args.flag("--uninstall")) {
            ctx.err().println("Add this to the \"env\" of " + (global ? "~/.claude/settings.json" : ".claude/settings.json")
                    + " (or run 'agent-strace setup --install --otel" + (global ? " --global" : "") + "'), then run"
                    + " 'agent-strace receive" + (port == ReceiveCommand.DEFAULT_PORT ? "" : " --port " + port) + "':");
            ctx.err().println();
            Map<String, Object> block = new LinkedHashMap<>();
            block.put("env", env);
            out.println(Json.write(block, Json.Style.PRETTY));
            out.flush();
            ctx.err().println();
            explain(ctx.err());
            return ExitCode.OK.code();
        }
        Path file = ClaudeSettingsFile.path(global ? ctx.home() : ctx.cwd());
        Map<String, Object> settings;
        try {
            settings = new LinkedHashMap<>(ClaudeSettingsFile.read(file));
        } catch (ClaudeSettingsFile.RefusedException e) {
            throw new DataException(e.getMessage());
        }
        Object existing = settings.get("env");
        if (existing != null && !(existing instanceof Map<?, ?>)) {
            throw new DataException("refusing to change " + file + ": its \"env\" is not an object");
        }
        Map<String, Object> merged = new LinkedHashMap<>(Json.asObject(existing));
        int changed = 0;
        for (Map.Entry<String, Object> e : env.entrySet()) {
            if (args.flag("--install")) {
                if (!e.getValue().equals(merged.put(e.getKey(), e.getValue()))) {
                    changed++;
                }
            } else if (merged.remove(e.getKey()) != null) {
                changed++;
            }
        }
        if (changed == 0) {
            out.println(args.flag("--install") ? "Claude Code's telemetry already goes to agent-strace receive in " + file
                    + "; nothing changed." : "No agent-strace telemetry settings in " + file + "; nothing changed.");
            return ExitCode.OK.code();
        }
        if (merged.isEmpty()) {
            settings.remove("env");
        } else {
            settings.put("env", merged);
        }
        Path backup = ClaudeSettingsFile.write(file, settings);
        if (args.flag("--install")) {
            out.println("Claude Code will export its events to http://127.0.0.1:" + port + " (" + changed + " setting"
                    + (changed == 1 ? "" : "s") + " in " + file + "); start the receiver with 'agent-strace receive"
                    + (port == ReceiveCommand.DEFAULT_PORT ? "" : " --port " + port) + "'.");
        } else {
            out.println("Removed " + changed + " telemetry setting" + (changed == 1 ? "" : "s") + " from " + file + ".");
        }
        if (backup != null) {
            out.println("Previous file saved as " + backup + ".");
        }
        return ExitCode.OK.code();
    }

    private static void explain(PrintStream err) {
        err.println("What the content switches reveal (they stay on this machine: receive listens on loopback, and");
        err.println("every event goes through agent-strace's redaction before it is written):");
        err.println("  OTEL_LOG_USER_PROMPTS=1  the text of each prompt (without it, only its length)");
        err.println("  OTEL_LOG_TOOL_DETAILS=1  each tool call's input: shell commands, file paths, MCP server and tool");
        err.println("                           names (without it, calls are recorded with little or none of their input)");
        err.println("Optional: OTEL_TRACES_EXPORTER=otlp with CLAUDE_CODE_ENHANCED_TELEMETRY_BETA=1 adds Claude Code's");
        err.println("beta spans (the same facts again; receive writes each once). OTEL_METRICS_EXPORTER=otlp is accepted");
        err.println("and not recorded. Tool output itself is never sent, only its size.");
    }
}
