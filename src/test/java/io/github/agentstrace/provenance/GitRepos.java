package io.github.agentstrace.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real repositories for tests, made by the real {@code git}. Without git the tests are skipped with a loud
 * message; under {@code CI=true} that is a failure.
 */
public final class GitRepos {
    private GitRepos() {
    }

    /** Skips (or, on CI, fails) the calling test when git is not installed. */
    public static void requireGit() {
        if (!GitProcess.standard().available()) {
            String problem = "git is not installed: provenance tests against real repositories are SKIPPED";
            System.err.println("WARNING: " + problem);
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(problem);
            }
            Assumptions.abort(problem);
        }
    }

    /** Runs git in {@code dir}, failing the test when it fails; returns its output, trimmed. */
    public static String git(Path dir, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("git");
        argv.add("-C");
        argv.add(dir.toString());
        argv.addAll(List.of("-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false",
                "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always"));
        argv.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
            pb.environment().remove("GIT_DIR");
            pb.environment().remove("GIT_WORK_TREE");
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("git " + args[0] + " did not finish");
            }
            assertEquals(0, p.exitValue(), "git " + String.join(" ", args) + ": " + out);
            return out.trim();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A new repository in {@code dir} with one commit of {@code a.txt} (two lines) on branch main. */
    public static Path repoWithCommit(Path dir) throws IOException {
        Files.createDirectories(dir);
        git(dir, "init", "-q");
        Files.writeString(dir.resolve("a.txt"), "one\ntwo\n");
        git(dir, "add", "a.txt");
        git(dir, "commit", "-q", "-m", "first");
        return dir;
    }
}
