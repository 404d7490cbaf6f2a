package io.github.agentstrace.cli;

import io.github.agentstrace.guard.Policy;
import io.github.agentstrace.guard.PolicyFile;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@code --policy FILE} of the commands that judge calls: the file given, else the project's
 * ({@code .agent-strace/policy.json}, else the original's {@code .agent-scope.json}) in the working
 * directory, else no policy (only sensitive files are flagged). An invalid file is a data error naming the
 * place; unknown keys are warnings.
 */
final class PolicyOption {
    static final Opt OPT = Opt.value("--policy", "FILE",
            "the policy (default: " + PolicyFile.DEFAULT + ", else " + PolicyFile.ORIGINAL + ")");

    private PolicyOption() {
    }

    /** The policy to use; {@link Policy#NONE} when there is none. */
    static Policy load(Args args, Context ctx, Consumer<String> warn) {
        String flag = args.value("--policy");
        Path file = flag != null ? ctx.cwd().resolve(flag) : PolicyFile.find(ctx.cwd());
        if (file == null) {
            return Policy.NONE;
        }
        Policy p = PolicyFile.loadIn(file, ctx.cwd());
        p.warnings().forEach(warn);
        return p;
    }
}
