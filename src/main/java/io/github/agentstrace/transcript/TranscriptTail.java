package io.github.agentstrace.transcript;

import io.github.agentstrace.model.Usage;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Ids;
import io.github.agentstrace.store.FilePermissions;
import io.github.agentstrace.store.SessionWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Hook enrichment: appends the LLM turns (model, stop reason, exact token usage) that a live session's
 * transcript gained since the last call.
 *
 * <p>State lives in a small JSON file per session: the byte offset read so far and the most recent
 * message ids already emitted (a response's lines can straddle two reads). Each call reads only the new
 * bytes, so the cost does not grow with the transcript.
 */
public final class TranscriptTail {
    /** How many emitted message ids the state file remembers. */
    static final int REMEMBERED_IDS = 256;

    /** What one call appended: LLM turns and the tokens they carry. */
    public record Enriched(int turns, long tokens) {
    }

    private TranscriptTail() {
    }

    /**
     * Reads {@code transcript} from the offset in {@code stateFile}, appends new turns through
     * {@code writer}, and saves the new state. The writer's meta flush counts the new LLM requests; the
     * caller adds {@link Enriched#tokens()} to the session's total.
     */
    public static Enriched enrich(Path transcript, Path stateFile, SessionWriter writer, Ids ids,
                                  Consumer<String> warnings) throws IOException {
        return enrich(transcript, stateFile, writer, ids, warnings, false);
    }

    /**
     * As {@link #enrich(Path, Path, SessionWriter, Ids, Consumer)}; with {@code last} (session end) a
     * response still streaming is recorded as it stands instead of being left for a later read.
     */
    public static Enriched enrich(Path transcript, Path stateFile, SessionWriter writer, Ids ids,
                                  Consumer<String> warnings, boolean last) throws IOException {
        if (!Files.isRegularFile(transcript)) {
            return new Enriched(0, 0);
        }
        Map<String, Object> state = readState(stateFile);
        long offset = state.get("offset") instanceof Number n ? n.longValue() : 0;
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (Object id : Json.asArray(state.get("message_ids"))) {
            if (id instanceof String s) {
                seen.add(s);
            }
        }
        int before = seen.size();
        int[] turns = {0};
        long[] tokens = {0};
        TranscriptMapper mapper = new TranscriptMapper(writer.sessionId(), ids, true, seen, e -> {
            writer.append(e);
            if (e.kind() == io.github.agentstrace.model.EventType.LLM_RESPONSE) {
                turns[0]++;
                tokens[0] += Usage.fromData(e.data()).total();
            }
        });
        long next = TranscriptLines.read(transcript, offset, (json, lineNo, at) -> {
            mapper.line(json, at);
            return true;
        }, warnings);
        long rewind = last ? -1 : mapper.finishOrRewind();
        if (last) {
            mapper.finish();
        }
        if (rewind >= 0) {
            next = rewind;
        }
        if (next != offset || seen.size() != before) {
            List<String> keep = new ArrayList<>(seen);
            if (keep.size() > REMEMBERED_IDS) {
                keep = keep.subList(keep.size() - REMEMBERED_IDS, keep.size());
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("transcript", transcript.toString());
            out.put("offset", next);
            out.put("message_ids", keep);
            writeState(stateFile, out);
        }
        return new Enriched(turns[0], tokens[0]);
    }

    private static Map<String, Object> readState(Path stateFile) {
        try {
            return new LinkedHashMap<>(Json.asObject(Json.parse(Files.readAllBytes(stateFile))));
        } catch (NoSuchFileException e) {
            return new LinkedHashMap<>();
        } catch (IOException | RuntimeException e) {
            // A damaged state file means reading the transcript again from the start; that can repeat turns,
            // which is better than failing the hook or losing the turns still to come.
            return new LinkedHashMap<>();
        }
    }

    private static void writeState(Path stateFile, Map<String, Object> state) throws IOException {
        FilePermissions.writeAtomically(stateFile, Json.write(state).getBytes(StandardCharsets.UTF_8), null);
    }
}
