package io.github.agentstrace.transcript;

import static io.github.agentstrace.provenance.GitRepos.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.provenance.GitRepos;
import io.github.agentstrace.provenance.Provenance;
import io.github.agentstrace.redact.Privacy;
import io.github.agentstrace.redact.Redactor;
import io.github.agentstrace.store.TraceStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import}: the provenance a transcript gives after the fact, and the privacy tier. */
class ImportProvenanceTest {
    @TempDir
    Path dir;

    private static String line(String type, String time, Path cwd, String branch, String content) {
        String message = type.equals("user")
                ? "{\"role\":\"user\",\"content\":" + Json.write(content) + "}"
                : "{\"id\":\"msg_1\",\"model\":\"claude-sonnet-4-5\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
                        + "\"text\":" + Json.write(content) + "}],\"usage\":{\"input_tokens\":5,\"output_tokens\":2}}";
        return "{\"type\":\"" + type + "\",\"uuid\":\"" + time + "\",\"timestamp\":\"" + time + "\",\"cwd\":"
                + Json.write(cwd.toString()) + ",\"gitBranch\":\"" + branch + "\",\"sessionId\":\"s\",\"message\":"
                + message + "}";
    }

    @Test
    void import_recordsTheTranscriptsBranchesAndCommitsAuthoredDuringIt() throws Exception {
        GitRepos.requireGit();
        Path repo = GitRepos.repoWithCommit(dir.resolve("repo"));
        long during = Instant.parse("2026-11-20T10:00:05Z").getEpochSecond();
        git(repo, "commit", "-q", "--allow-empty", "--date=@" + during, "-m", "during the session");
        git(repo, "commit", "-q", "--allow-empty", "--date=@" + (during + 3600), "-m", "an hour later");
        Path transcript = dir.resolve("t.jsonl");
        Files.write(transcript, List.of(
                line("user", "2026-11-20T10:00:01.000Z", repo, "main", "PROMPT-marker-c1"),
                line("assistant", "2026-11-20T10:00:09.000Z", repo, "feature", "ANSWER-marker-c2")));
        TraceStore store = new TraceStore(dir.resolve("traces"), io.github.agentstrace.store.TraceDirRegistry.NONE);
        List<String> warnings = new ArrayList<>();
        String id = new TranscriptImport(store, Redactor.standard().withPrivacy(Privacy.METADATA), Ids.secure(),
                warnings::add).importFile(transcript).sessionId();

        Provenance p = Provenance.read(store.sessionDir(id));
        assertEquals("metadata", p.privacy());
        assertEquals("main", p.start().branch());
        assertEquals("feature", p.end().branch());
        assertEquals(1, p.commits().size());
        assertEquals("during the session", p.commits().get(0).subject());
        assertNull(p.diff());
        String events = Files.readString(store.eventsFile(id));
        assertFalse(events.contains("PROMPT-marker-c1"), events);
        assertFalse(events.contains("ANSWER-marker-c2"), events);
        assertEquals(List.of(), warnings);
    }
}
