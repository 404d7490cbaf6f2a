package io.github.agentstrace.cli;

import io.github.agentstrace.redact.Privacy;
import io.github.agentstrace.redact.ProjectConfig;

/**
 * {@code --privacy} of the capture commands ({@code record}, {@code record-http}, {@code import}): the flag, else
 * {@code AGENT_STRACE_PRIVACY}, else the project's {@code .agent-strace/config.json}, else standard
 * ({@link ProjectConfig#resolve}).
 */
final class PrivacyOption {
    static final Opt OPT = Opt.value("--privacy", "TIER",
            "what is kept: metadata (no prompts, tool inputs or outputs, answers), standard (default) or full");

    private PrivacyOption() {
    }

    /** The tier for this run; a bad flag is a usage error, a bad variable or config file a data error (exit 1). */
    static Privacy of(Args args, Context ctx) throws UsageException {
        try {
            return ProjectConfig.resolve(args.value("--privacy"), ctx.env(), ctx.cwd());
        } catch (io.github.agentstrace.redact.RedactConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
