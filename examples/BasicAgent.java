///usr/bin/env jbang "$0" "$@" ; exit $?
// A small "coding agent" recorded with the agent-strace Java API. Run it from the repository root:
//
//   mvn -B -q package -DskipTests
//   java -cp target/agent-strace.jar examples/BasicAgent.java
//   jbang examples/BasicAgent.java                     (compiles the API from src/main/java)
//
// then replay what it did:  bin/agent-strace replay
// An argument names another trace directory:  java -cp target/agent-strace.jar examples/BasicAgent.java /tmp/traces
//
// Traced.wrap records arguments by parameter name when the interface was compiled with -parameters (jbang
// does, via the directive below; Maven: <maven.compiler.parameters>true</maven.compiler.parameters>);
// otherwise they are arg0, arg1, ...
//
//JAVA 17+
//COMPILE_OPTIONS -parameters
//SOURCES ../src/main/java/io/github/agentstrace/**.java

import io.github.agentstrace.api.AgentTrace;
import io.github.agentstrace.api.TraceSession;
import io.github.agentstrace.api.Traced;
import io.github.agentstrace.model.Usage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public class BasicAgent {

    /** The agent's tools. Every call through Traced.wrap becomes a tool_call / tool_result pair. */
    public interface Tools {
        String readFile(String path);

        String runTests(String testPath);

        String writeFile(String path, String content);
    }

    /** Stand-ins for real tools, so the example runs anywhere. */
    static final class FakeTools implements Tools {
        private int runs;

        @Override
        public String readFile(String path) {
            pause(30);
            return "def authenticate(user):\n    return validate(user.token)\n";
        }

        @Override
        public String runTests(String testPath) {
            pause(120);
            if (runs++ == 0) {
                throw new IllegalStateException("1 failed: test_missing_token (AuthError not raised)");
            }
            return "12 passed";
        }

        @Override
        public String writeFile(String path, String content) {
            pause(20);
            return "wrote " + content.length() + " bytes to " + path;
        }
    }

    public static void main(String[] args) throws Exception {
        AgentTrace.Builder builder = AgentTrace.builder().agentName("basic-agent").command("examples/BasicAgent.java");
        if (args.length > 0) {
            builder.traceDir(Path.of(args[0]));
        }
        try (TraceSession session = builder.start()) {
            Tools tools = Traced.wrap(Tools.class, new FakeTools(), session);

            session.prompt("Make authenticate() reject users without a token; the API key is sk-example-0000000000000000000000");
            // The last argument reads the provider's token counts from the response (here: made up).
            String plan = session.llm("claude-sonnet-4", List.of("system prompt", "user prompt"),
                    () -> fakeLlm("Read auth.py, add a guard, run the tests."), reply -> Usage.of(1240, 86));
            session.decision("read_file_first", "need the current implementation",
                    List.of("read_file_first", "search_codebase", "write_fix_directly"));

            String source = tools.readFile("src/auth.py");
            String fix = source.replace("    return", "    if not user.token:\n        raise AuthError()\n    return");
            tools.writeFile("src/auth.py", fix);
            try {
                tools.runTests("tests/test_auth.py");
            } catch (IllegalStateException failed) {
                // Recorded as an error event, then rethrown to us: the agent decides what to do.
                session.decision("retry_fix", failed.getMessage());
                session.tool("fix_and_verify", Map.of("file", "src/auth.py"), () -> {
                    tools.writeFile("src/auth.py", fix + "\n# AuthError imported\n");
                    return tools.runTests("tests/test_auth.py");
                });
            }

            // Tool calls from several threads at once land in the same session.
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<String>> lints = List.of(
                    pool.submit(() -> session.tool("lint", Map.of("file", "src/auth.py"), () -> slow("ok", 40))),
                    pool.submit(() -> session.tool("lint", Map.of("file", "src/user.py"), () -> slow("ok", 60))),
                    pool.submit(() -> session.tool("typecheck", Map.of("module", "auth"), () -> slow("0 errors", 50))));
            for (Future<String> f : lints) {
                f.get();
            }
            pool.shutdown();

            session.response("Done: authenticate() now raises AuthError without a token. Plan was: " + plan);
            System.out.println("recorded session " + session.id() + " in " + session.directory());
            System.out.println("replay it with: bin/agent-strace"
                    + (args.length > 0 ? " --trace-dir " + args[0] : "") + " replay " + session.id());
        }
    }

    private static String fakeLlm(String answer) {
        pause(150);
        return answer;
    }

    private static String slow(String result, long ms) {
        pause(ms);
        return result;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
