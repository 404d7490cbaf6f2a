package io.github.agentstrace.hook;

import static io.github.agentstrace.provenance.GitRepos.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.provenance.GitRepos;
import io.github.agentstrace.provenance.Provenance;
import io.github.agentstrace.redact.MetadataOnly;
import io.github.agentstrace.testsupport.TestJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same scripted session through real {@code java -jar} hook processes at each privacy tier, chosen three
 * ways (the default, {@code AGENT_STRACE_PRIVACY}, the project's {@code .agent-strace/config.json}), with every
 * byte stored under the trace directory searched for the prompt, the tool input and output and the answer; and
 * the session's {@code provenance.json} from its git repository.
 */
class HookPrivacyIT {
    private static final String PROMPT = "PROMPT-marker-7f3a please refactor";
    private static final String INPUT = "INPUT-marker-19c2";
    private static final String OUTPUT = "OUTPUT-marker-a8e4";
    private static final String ANSWER = "ANSWER-marker-55d1";
    private static final String READ_PATH = "/work/src/Main.java";

    @TempDir
    Path dir;
    Path repo;

    @BeforeEach
    void repository() throws Exception {
        GitRepos.requireGit();
        repo = GitRepos.repoWithCommit(dir.resolve("project"));
        git(repo, "remote", "add", "origin", "https://bob:s3cr3tpass@example.com/team/project.git");
    }

    @Test
    void metadata_fromTheEnvironment_storesNoContent() throws Exception {
        Path traces = session(Map.of("AGENT_STRACE_PRIVACY", "metadata"));
        String all = everyStoredByte(traces);
        for (String content : List.of("PROMPT-marker-7f3a", INPUT, OUTPUT, ANSWER)) {
            assertFalse(all.contains(content), content + " reached the disk at privacy metadata");
        }
        assertTrue(all.contains(READ_PATH), "file paths are kept at metadata");
        assertTrue(all.contains("\"tool_name\": \"Bash\"") || all.contains("\"tool_name\":\"Bash\""));
        String events = Files.readString(traces.resolve("privacytest00001/events.ndjson"));
        assertTrue(events.contains("\"" + MetadataOnly.NOT_KEPT + "\""), events);
        assertEquals("metadata", Provenance.read(traces.resolve("privacytest00001")).privacy());
    }

    @Test
    void standard_byDefault_keepsContent() throws Exception {
        Path traces = session(Map.of());
        String all = everyStoredByte(traces);
        for (String content : List.of("PROMPT-marker-7f3a", INPUT, OUTPUT, ANSWER)) {
            assertTrue(all.contains(content), content + " missing at privacy standard");
        }
        assertFalse(all.contains(MetadataOnly.NOT_KEPT));
        assertEquals("standard", Provenance.read(traces.resolve("privacytest00001")).privacy());
    }

    @Test
    void full_fromTheProjectConfig_keepsContentAndLiftsTheFieldCap() throws Exception {
        Files.createDirectories(repo.resolve(".agent-strace"));
        Files.writeString(repo.resolve(".agent-strace/config.json"), "{\"privacy\": \"full\"}");
        String longOutput = OUTPUT + "x".repeat(40_000);
        Path traces = session(Map.of("CLAUDE_PROJECT_DIR", repo.toString()), longOutput);
        String all = everyStoredByte(traces);
        for (String content : List.of("PROMPT-marker-7f3a", INPUT, ANSWER)) {
            assertTrue(all.contains(content), content + " missing at privacy full");
        }
        assertTrue(all.contains(longOutput), "full keeps a result longer than the standard cap whole");
        assertEquals("full", Provenance.read(traces.resolve("privacytest00001")).privacy());
    }

    @Test
    void provenance_recordsBranchCommitAndTheSessionsCommit() throws Exception {
        String before = git(repo, "rev-parse", "HEAD");
        Path traces = session(Map.of());
        Path sidecar = traces.resolve("privacytest00001").resolve(Provenance.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sidecar)));
        String text = Files.readString(sidecar);
        assertFalse(text.contains("s3cr3tpass"), text);
        Provenance p = Provenance.read(sidecar.getParent());
        assertEquals(before, p.start().commit());
        assertEquals("main", p.start().branch());
        assertEquals("https://example.com/team/project.git", p.start().remoteUrl());
        assertNull(p.start().dirty(), "SessionStart runs no git process");
        assertNotNull(p.end());
        assertEquals(git(repo, "rev-parse", "HEAD"), p.end().commit());
        assertEquals(1, p.commits().size());
        assertEquals("made during the session", p.commits().get(0).subject());
        assertEquals(1, p.diff().filesChanged());
        assertEquals(1, p.diff().linesAdded());
    }

    private Path session(Map<String, String> env) throws Exception {
        return session(env, OUTPUT);
    }

    /** SessionStart, a prompt, a Bash call and its output, a Read call, a commit, Stop, SessionEnd. */
    private Path session(Map<String, String> env, String output) throws Exception {
        Path traces = dir.resolve("traces");
        String common = "\"session_id\":\"privacytest00001\",\"cwd\":" + Json.write(repo.toString())
                + ",\"transcript_path\":" + Json.write(dir.resolve("none.jsonl").toString()) + ",";
        hook(traces, env, "session-start", "{" + common + "\"hook_event_name\":\"SessionStart\",\"source\":\"startup\"}");
        hook(traces, env, "user-prompt", "{" + common + "\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":"
                + Json.write(PROMPT) + "}");
        hook(traces, env, "pre-tool", "{" + common + "\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\","
                + "\"tool_input\":{\"command\":\"echo " + INPUT + "\"},\"tool_use_id\":\"toolu_1\"}");
        hook(traces, env, "post-tool", "{" + common + "\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Bash\","
                + "\"tool_input\":{\"command\":\"echo " + INPUT + "\"},\"tool_response\":{\"stdout\":"
                + Json.write(output) + ",\"stderr\":\"\"},\"tool_use_id\":\"toolu_1\"}");
        hook(traces, env, "pre-tool", "{" + common + "\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Read\","
                + "\"tool_input\":{\"file_path\":\"" + READ_PATH + "\"},\"tool_use_id\":\"toolu_2\"}");
        hook(traces, env, "post-tool", "{" + common + "\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Read\","
                + "\"tool_input\":{\"file_path\":\"" + READ_PATH + "\"},\"tool_response\":{\"file\":{\"content\":"
                + Json.write(OUTPUT + " file text") + "}},\"tool_use_id\":\"toolu_2\"}");
        Files.writeString(repo.resolve("a.txt"), "one\ntwo\nthree\n");
        git(repo, "commit", "-q", "-am", "made during the session");
        hook(traces, env, "stop", "{" + common + "\"hook_event_name\":\"Stop\",\"last_assistant_message\":"
                + Json.write(ANSWER) + ",\"stop_hook_active\":false}");
        hook(traces, env, "session-end", "{" + common + "\"hook_event_name\":\"SessionEnd\",\"reason\":\"exit\"}");
        assertFalse(Files.exists(traces.resolve("hook-errors.log")) && Files.readString(traces.resolve("hook-errors.log"))
                .contains("failed"), () -> read(traces.resolve("hook-errors.log")));
        return traces;
    }

    private void hook(Path traces, Map<String, String> env, String event, String payload) throws Exception {
        String jar = TestJar.path().toString();
        List<String> cmd = new ArrayList<>(List.of(TestJar.java(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar, "hook", event));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> e = new HashMap<>(env);
        e.put("AGENT_TRACE_DIR", traces.toString());
        pb.environment().remove("CLAUDE_PROJECT_DIR");
        pb.environment().remove("AGENT_STRACE_PRIVACY");
        pb.environment().putAll(e);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(payload.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "hook " + event + " did not finish");
        assertEquals(0, p.exitValue());
        assertEquals("", out, "a hook prints nothing");
    }

    /** Every regular file under the trace directory, concatenated (a hook's state, logs and sidecars too). */
    private static String everyStoredByte(Path traces) throws Exception {
        StringBuilder sb = new StringBuilder();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(traces)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertTrue(files.size() >= 3, "the session's files: " + files);
        for (Path f : files) {
            sb.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).append('\n');
        }
        return sb.toString();
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (Exception e) {
            return "";
        }
    }
}
