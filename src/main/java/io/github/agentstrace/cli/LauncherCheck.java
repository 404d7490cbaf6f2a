package io.github.agentstrace.cli;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Optional;

/**
 * Whether the agent-strace command that {@code setup} and {@code wrap} write into a client's config will
 * start when the client runs it: a bare name must be on the {@code PATH}, a path must be absolute (clients
 * run commands from working directories of their own) and executable. The client's {@code PATH} is not
 * known here; ours is the best guess, since clients are usually started from the same login environment.
 */
final class LauncherCheck {
    private LauncherCheck() {
    }

    /**
     * One line saying why {@code client} will not be able to run {@code command}, offering {@code --command}
     * with the absolute path of this installation's launcher when it can be found; empty when it looks fine.
     */
    static Optional<String> warning(String command, String client, Context ctx) {
        String fix = "; use --command " + launcher().map(Path::toString).orElse("/absolute/path/to/bin/agent-strace");
        if (!command.contains("/")) {
            return onPath(command, ctx.env().getOrDefault("PATH", "")) ? Optional.empty()
                    : Optional.of("'" + command + "' is not on the PATH, so " + client + " will not find it" + fix);
        }
        Path path = Path.of(command);
        if (!path.isAbsolute()) {
            return Optional.of("--command " + command + " is a relative path, which " + client
                    + " resolves from its own working directory; use --command " + ctx.cwd().resolve(path).normalize());
        }
        return isExecutableFile(path) ? Optional.empty()
                : Optional.of("--command " + command + " is not an executable file" + fix);
    }

    private static boolean onPath(String name, String pathVariable) {
        for (String dir : pathVariable.split(File.pathSeparator)) {
            // An empty entry means "the working directory", which is the client's, not ours: not counted.
            if (!dir.isEmpty() && isExecutableFile(Path.of(dir).resolve(name))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isExecutableFile(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }

    /**
     * The launcher of this installation: {@code bin/agent-strace} beside the jar, or in {@code ../bin} of
     * {@code lib/} or {@code target/} (the layouts the launcher itself looks for its jar in). Empty when
     * running from elsewhere (jbang's cache, a bare {@code java -jar}).
     */
    static Optional<Path> launcher() {
        CodeSource source = Main.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            Path dir = Path.of(source.getLocation().toURI()).toAbsolutePath().getParent();
            for (Path candidate : List.of(dir.resolve(Main.PROGRAM), dir.resolveSibling("bin").resolve(Main.PROGRAM))) {
                if (isExecutableFile(candidate)) {
                    return Optional.of(candidate.normalize());
                }
            }
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            // not a file on this file system: nothing to offer but the generic advice
        }
        return Optional.empty();
    }
}
