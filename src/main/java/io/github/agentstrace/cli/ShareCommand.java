package io.github.agentstrace.cli;

import io.github.agentstrace.store.FilePermissions;
import io.github.agentstrace.web.Share;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** {@code share [id]}: a session as one self-contained HTML file that loads nothing. */
final class ShareCommand implements Command {
    @Override
    public String name() {
        return "share";
    }

    @Override
    public String summary() {
        return "Write a session as one self-contained HTML page";
    }

    @Override
    public String synopsis() {
        return "share [session-id] [-o FILE | --stdout] [--prices FILE]";
    }

    @Override
    public String details() {
        return """
                session-id may be a unique prefix; without one, the most recently started session is used.
                The page holds the session and its subagents: a summary, a timeline, the calls prompt by prompt,
                filters, search. It makes no network request (its Content-Security-Policy forbids them), so it
                can be mailed or attached as it is. Default file: <session-id>.html in the current directory,
                written 0600 (it holds what the agent saw: read it before you share it).""";
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.value("--output", "FILE", "write the page to FILE (default <session-id>.html)", "-o"),
                Opt.flag("--stdout", "write the page to stdout"),
                Opt.value("--prices", "FILE", "your prices, merged over the built-in table (see cost --help)"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException, IOException {
        String outFlag = args.value("--output");
        boolean stdout = args.flag("--stdout");
        if (outFlag != null && stdout) {
            throw new UsageException("give --output FILE or --stdout, not both");
        }
        Path output = outFlag == null ? null : ctx.cwd().resolve(outFlag);
        if (output != null && Files.isDirectory(output)) {
            throw new UsageException("--output " + outFlag + " is a directory, not a file");
        }
        Consumer<String> warn = w -> ctx.err().println("agent-strace share: " + w);
        String id = ctx.store().resolve(args.optionalPositional(), warn);
        String page = new Share().page(ctx.reading(ctx.prices(args.value("--prices")), warn), id);
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        if (stdout) {
            ctx.out().write(bytes);
            ctx.out().flush();
            return ExitCode.OK.code();
        }
        Path target = output != null ? output : ctx.cwd().resolve(id + ".html");
        try {
            FilePermissions.writeAtomically(target, bytes, null);
        } catch (IOException e) {
            throw new DataException("cannot write " + target + ": " + e.getMessage());
        }
        ctx.out().println("wrote " + target + " (" + (bytes.length + 1023) / 1024 + " KB)");
        return ExitCode.OK.code();
    }
}
