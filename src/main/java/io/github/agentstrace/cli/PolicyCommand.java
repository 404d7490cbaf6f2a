package io.github.agentstrace.cli;

import io.github.agentstrace.guard.Policy;
import io.github.agentstrace.guard.PolicyFile;
import io.github.agentstrace.guard.PolicySuggestion;
import io.github.agentstrace.json.Json;
import io.github.agentstrace.session.Reading;
import io.github.agentstrace.store.FilePermissions;
import io.github.agentstrace.term.Plural;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code policy suggest}: a policy that allows what the selected sessions did, for review; {@code policy
 * check}: whether a policy file is valid, and what it says.
 */
final class PolicyCommand implements Command {
    @Override
    public String name() {
        return "policy";
    }

    @Override
    public String summary() {
        return "Suggest a policy from what sessions did, or check a policy file";
    }

    @Override
    public String synopsis() {
        return "policy suggest [session-id...] [--all | --since WHEN] [-o FILE [--force]] | policy check [FILE]";
    }

    @Override
    public String details() {
        return """
                suggest writes a policy (JSON, to stdout or -o FILE) that allows the tools, files (collapsed into
                dir/** where three or more were touched below a directory), programs and hosts of the sessions, with
                network.deny_all set and writes denied when nothing was written. Sensitive files are never allowed;
                they are listed on stderr. Review the file, then save it as .agent-strace/policy.json.
                check reads FILE (default: .agent-strace/policy.json, else .agent-scope.json) and says what it
                allows and denies; exit 1 when it is not a valid policy.""";
    }

    @Override
    public List<Opt> options() {
        List<Opt> o = new ArrayList<>(SessionSelection.options());
        o.add(Opt.value("--output", "FILE", "suggest: write the policy to FILE (created with its directory)", "-o"));
        o.add(Opt.flag("--force", "suggest: replace FILE when it exists"));
        return o;
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException, IOException {
        List<String> pos = args.positionals();
        if (pos.isEmpty()) {
            throw new UsageException("which one? policy suggest or policy check");
        }
        String sub = pos.get(0);
        if (sub.equals("check")) {
            for (String o : List.of("--all", "--since", "--output", "--force")) {
                if (args.flag(o)) {
                    throw new UsageException(o + " only applies to policy suggest");
                }
            }
            return check(args, ctx);
        }
        if (!sub.equals("suggest")) {
            throw new UsageException("unknown policy command '" + sub + "'" + DidYouMean.hint(sub, List.of("suggest", "check")));
        }
        Consumer<String> warn = w -> ctx.err().println("agent-strace policy: " + w);
        Reading reading = ctx.reading(ctx.prices(null), warn);
        List<String> ids = SessionSelection.resolve(pos.subList(1, pos.size()), args, ctx, reading.tree(), warn);
        PolicySuggestion suggestion = new PolicySuggestion(ctx.cwd().toString(), ctx.home().toString());
        for (String id : ids) {
            reading.read(id, true, false, suggestion);
        }
        String date = Instant.ofEpochSecond((long) ctx.nowSeconds()).toString().substring(0, 10);
        Policy policy = suggestion.policy(date);
        suggestion.notes().forEach(n -> ctx.err().println("agent-strace policy: " + n));
        String json = Json.writePretty(policy.toJson()) + "\n";
        String out = args.value("--output");
        if (out == null) {
            if (args.flag("--force")) {
                throw new UsageException("--force only applies with --output");
            }
            ctx.out().print(json);
            return ExitCode.OK.code();
        }
        Path file = ctx.cwd().resolve(out);
        if (Files.isDirectory(file)) {
            throw new UsageException("--output " + out + " is a directory, not a file");
        }
        if (Files.exists(file) && !args.flag("--force")) {
            throw new DataException(file + " exists; give --force to replace it");
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            FilePermissions.writeAtomically(file, json.getBytes(StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            throw new DataException("cannot write " + file + ": " + e.getMessage());
        }
        ctx.err().println("agent-strace policy: wrote " + file + " from " + Plural.count(ids.size(), "session")
                + "; review it before you use it");
        return ExitCode.OK.code();
    }

    private static int check(Args args, Context ctx) throws UsageException {
        List<String> pos = args.positionals();
        if (pos.size() > 2) {
            throw new UsageException("unexpected argument '" + pos.get(2) + "'");
        }
        Path file = pos.size() == 2 ? ctx.cwd().resolve(pos.get(1)) : PolicyFile.find(ctx.cwd());
        if (file == null) {
            throw new DataException("no policy file here (" + PolicyFile.DEFAULT + " or " + PolicyFile.ORIGINAL
                    + "); name one, or write one with 'agent-strace policy suggest -o " + PolicyFile.DEFAULT + "'");
        }
        Policy p = PolicyFile.load(file);
        for (String w : p.warnings()) {
            ctx.err().println("agent-strace policy: " + w);
        }
        ctx.out().println(file + ": a valid policy" + (p.hasRules() ? "" : " with no rules (only sensitive files are flagged)"));
        line(ctx, "files.read", p.read());
        line(ctx, "files.write", p.write());
        line(ctx, "commands", p.commands());
        line(ctx, "network", p.network());
        if (p.networkDenyAll()) {
            ctx.out().println("  network.deny_all: no host but those allowed");
        }
        line(ctx, "tools", p.tools());
        ctx.out().println("  sensitive files: " + (p.sensitive().deny() ? "denied" : "flagged")
                + (p.sensitive().add().isEmpty() ? "" : ", also " + String.join(", ", p.sensitive().add()))
                + (p.sensitive().ignore().isEmpty() ? "" : ", except " + String.join(", ", p.sensitive().ignore())));
        return ExitCode.OK.code();
    }

    private static void line(Context ctx, String name, Policy.Lists l) {
        if (!l.allow().isEmpty()) {
            ctx.out().println("  " + name + ".allow: " + String.join(", ", l.allow()));
        }
        if (!l.deny().isEmpty()) {
            ctx.out().println("  " + name + ".deny: " + String.join(", ", l.deny()));
        }
    }
}
