package io.github.agentstrace.hook;

import io.github.agentstrace.model.Clock;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.store.TraceStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The real Claude Code payloads under src/test/resources/claude-code-payloads, and trace helpers. */
final class Fixtures {
    static final String FOREGROUND = "foreground-subagent";
    static final String BACKGROUND = "background-subagent";
    static final List<String> FOREGROUND_FILES = List.of("01-SessionStart", "02-UserPromptSubmit", "03-PreToolUse",
            "04-PostToolUse", "05-PreToolUse", "06-PreToolUse", "07-PostToolUse", "08-PostToolUse", "09-PreToolUse",
            "10-PostToolUseFailure", "11-PreToolUse", "12-PostToolUse", "13-PreToolUse", "14-PostToolUse",
            "15-PreToolUse", "16-SubagentStart", "17-PreToolUse", "18-PostToolUse", "19-SubagentStop",
            "20-PostToolUse", "21-Stop", "22-SessionEnd");
    static final List<String> BACKGROUND_FILES = List.of("01-SessionStart", "02-UserPromptSubmit", "03-PreToolUse",
            "04-PostToolUse", "05-PreToolUse", "06-PreToolUse", "07-PostToolUse", "08-PostToolUse", "09-PreToolUse",
            "10-PostToolUseFailure", "11-PreToolUse", "12-PostToolUse", "13-PreToolUse", "14-PostToolUse",
            "15-PreToolUse", "16-SubagentStart", "17-PostToolUse", "18-PreToolUse", "19-Stop", "20-PostToolUse",
            "21-SubagentStop", "22-UserPromptSubmit", "23-Stop", "24-SessionEnd");
    static final String FG_SESSION = "ec60f27c-f718-4d";
    static final String FG_AGENT = "aa7ddf1d23bc5b3bb";
    static final String BG_SESSION = "b0e0a9aa-683d-4f";
    static final String BG_AGENT = "a77d96f76bc0f2f45";

    private Fixtures() {
    }

    static String payload(String folder, String name) {
        String path = "/claude-code-payloads/" + folder + "/" + name + ".json";
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hook event name in a fixture file name: {@code 04-PostToolUse} → {@code PostToolUse}. */
    static String eventOf(String name) {
        return name.substring(name.indexOf('-') + 1);
    }

    static List<TraceEvent> events(TraceStore store, String sid) {
        return store.reader(sid, w -> { }).events().collect(Collectors.toList());
    }

    static List<String> types(List<TraceEvent> events) {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : events) {
            out.add(e.type());
        }
        return out;
    }

    /** A clock that moves one second forward each time it is read, from a fixed start. */
    static final class SteppingClock implements Clock {
        private long seconds;

        SteppingClock(long start) {
            this.seconds = start;
        }

        @Override
        public synchronized Instant instant() {
            return Instant.ofEpochSecond(seconds++);
        }

        @Override
        public synchronized long nanoTime() {
            return seconds * 1_000_000_000L;
        }
    }
}
