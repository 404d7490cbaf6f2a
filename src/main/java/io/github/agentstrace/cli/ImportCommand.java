package io.github.agentstrace.cli;

import io.github.agentstrace.model.Ids;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.term.Plural;
import io.github.agentstrace.transcript.TranscriptImport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code import}: Claude Code transcripts, Codex CLI rollouts and Gemini CLI chats become sessions with exact token usage. */
final class ImportCommand implements Command {
    @Override
    public String name() {
        return "import";
    }

    @Override
    public String summary() {
        return "Import Claude Code, Codex CLI, Gemini CLI or Copilot CLI transcripts (exact token usage per LLM turn)";
    }

    @Override
    public String synopsis() {
        return "import [--privacy TIER] <transcript.jsonl>... | import --discover [--claude-dir DIR] [--codex-dir DIR]"
                + " [--gemini-dir DIR] [--copilot-dir DIR] [--all]";
    }

    @Override
    public String details() {
        return """
                A transcript is ~/.claude/projects/<project>/<session-id>.jsonl (CLAUDE_CONFIG_DIR overrides
                ~/.claude). Its subagent transcripts (<session-id>/subagents/*.jsonl) become child sessions.
                A Codex CLI rollout is $CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl (~/.codex by default); a
                Gemini CLI chat is ~/.gemini/tmp/<project hash>/chats/session-*.jsonl (or the older .json); a
                Copilot CLI session log is $COPILOT_HOME/session-state/<session id>/events.jsonl (~/.copilot by
                default). Which agent wrote a file is read from its first line; the session is named after that
                agent.
                Importing a transcript again replaces the earlier import; nothing is duplicated.
                --discover lists the transcripts found; with --all it imports every one of them.""";
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.flag("--discover", "list transcripts under the Claude config directory"),
                Opt.value("--claude-dir", "DIR", "Claude config directory (default: $CLAUDE_CONFIG_DIR or ~/.claude)"),
                Opt.value("--codex-dir", "DIR", "Codex home (default: $CODEX_HOME or ~/.codex)"),
                Opt.value("--gemini-dir", "DIR", "Gemini CLI directory (default: ~/.gemini)"),
                Opt.value("--copilot-dir", "DIR", "Copilot CLI home (default: $COPILOT_HOME or ~/.copilot)"),
                Opt.flag("--all", "with --discover: import every transcript found"),
                Opt.flag("--no-redact", "store secrets as they are (redaction is on by default)"),
                PrivacyOption.OPT,
                Opt.flag("--redact", "redact secrets (the default; accepted for compatibility)"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        List<Path> files;
        if (args.flag("--discover")) {
            args.positionals(0);
            files = new ArrayList<>(TranscriptImport.discover(claudeDir(args, ctx)));
            List<Path> codex = TranscriptImport.discoverCodex(dir(args, ctx, "--codex-dir", "CODEX_HOME", ".codex"));
            List<Path> gemini = TranscriptImport.discoverGemini(dir(args, ctx, "--gemini-dir", null, ".gemini"));
            Path copilotHome = dir(args, ctx, "--copilot-dir", "COPILOT_HOME", ".copilot");
            List<Path> copilot = TranscriptImport.discoverCopilot(copilotHome);
            if (!args.flag("--all")) {
                if (files.isEmpty() && codex.isEmpty() && gemini.isEmpty() && copilot.isEmpty()) {
                    ctx.out().println("No transcripts found under " + claudeDir(args, ctx).resolve("projects") + ", "
                            + dir(args, ctx, "--codex-dir", "CODEX_HOME", ".codex").resolve("sessions") + ", "
                            + dir(args, ctx, "--gemini-dir", null, ".gemini").resolve("tmp") + " or "
                            + copilotHome.resolve("session-state"));
                }
                for (Path f : files) {
                    ctx.out().printf(Locale.ROOT, "  %-38s %8d KB  %s%n", f.getFileName().toString().replace(".jsonl", ""),
                            size(f) / 1024, f.getParent().getFileName());
                }
                for (Path f : codex) {
                    ctx.out().printf(Locale.ROOT, "  %-38s %8d KB  codex%n", stem(f), size(f) / 1024);
                }
                for (Path f : gemini) {
                    ctx.out().printf(Locale.ROOT, "  %-38s %8d KB  gemini %s%n", stem(f), size(f) / 1024,
                            f.getParent().getParent().getFileName());
                }
                for (Path f : copilot) {
                    ctx.out().printf(Locale.ROOT, "  %-38s %8d KB  copilot%n", f.getParent().getFileName(), size(f) / 1024);
                }
                return ExitCode.OK.code();
            }
            files.addAll(codex);
            files.addAll(gemini);
            files.addAll(copilot);
        } else {
            if (args.positionals().isEmpty()) {
                throw new UsageException("give a transcript file, or --discover");
            }
            files = args.positionals().stream().map(ctx.cwd()::resolve).toList();
        }
        TranscriptImport importer = new TranscriptImport(ctx.store(),
                Redactor.forCapture(args.flag("--no-redact"), ctx.env()).withPrivacy(PrivacyOption.of(args, ctx)), Ids.secure(),
                w -> ctx.err().println("agent-strace import: " + w));
        for (Path f : files) {
            TranscriptImport.Result r = importer.importFile(f);
            ctx.err().printf(Locale.ROOT, "agent-strace import: %s -> session %s (%s, %d LLM %s, %,d %s%s)%n",
                    f.getFileName(), r.sessionId(), Plural.count(r.events(), "event"), r.turns(),
                    Plural.noun(r.turns(), "turn"), r.usage().total(), Plural.noun(r.usage().total(), "token"),
                    r.children().isEmpty() ? "" : ", " + Plural.count(r.children().size(), "subagent session"));
        }
        return ExitCode.OK.code();
    }

    private static Path claudeDir(Args args, Context ctx) {
        String flag = args.value("--claude-dir");
        if (flag != null) {
            return ctx.cwd().resolve(flag);
        }
        String env = ctx.env().getOrDefault("CLAUDE_CONFIG_DIR", "");
        if (!env.isEmpty()) {
            return ctx.cwd().resolve(env);
        }
        return Path.of(ctx.env().getOrDefault("HOME", System.getProperty("user.home")), ".claude");
    }

    /** An agent's directory: the flag, else the environment variable, else {@code ~/<home>}. */
    private static Path dir(Args args, Context ctx, String flag, String envVar, String home) {
        String value = args.value(flag);
        if (value != null) {
            return ctx.cwd().resolve(value);
        }
        String env = envVar == null ? "" : ctx.env().getOrDefault(envVar, "");
        if (!env.isEmpty()) {
            return ctx.cwd().resolve(env);
        }
        return Path.of(ctx.env().getOrDefault("HOME", System.getProperty("user.home")), home);
    }

    private static String stem(Path f) {
        String name = f.getFileName().toString();
        return name.endsWith(".jsonl") ? name.substring(0, name.length() - 6)
                : name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }
}
