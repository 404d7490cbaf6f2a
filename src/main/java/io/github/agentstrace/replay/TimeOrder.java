package io.github.agentstrace.replay;

import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the LLM turns that a hook read back from the transcript at the end of an answer ({@code "source":
 * "transcript"}, appended at Stop, after that answer's tool calls) back where they happened, so the timeline
 * reads prompt, model call, tool call, model call, ... instead of every tool call first and then the model
 * calls with earlier times.
 *
 * <p>Printed text is held from one boundary (session start, a prompt, session end) to the next; a turn goes
 * before the first held line of another kind that is later than it, and after the turns placed before it, so
 * turns keep their own order and never move above the prompt (whose hook ran after the model call began).
 * Event numbers are the file's (they are assigned before this). Memory stays bounded: past {@link #MAX_LINES}
 * lines or {@link #MAX_CHARS} characters held, what is held is printed and later turns stay where the file
 * has them. Only sessions whose hooks read a transcript hold anything (a session start with a
 * {@code transcript_path}, or Claude Code's hooks): every other session is printed as it is read.
 */
final class TimeOrder {
    static final int MAX_LINES = 4096;
    static final int MAX_CHARS = 4 << 20;

    private record Held(double timestamp, boolean turn, String text) {
    }

    private final PrintStream out;
    private final List<Held> held = new ArrayList<>();
    private int chars;
    /** Where the next turn may go at the earliest: after the boundary and the turns placed so far. */
    private int floor;
    /** The session's hooks read a transcript. */
    private boolean active;
    /** Lines are being held (since the last boundary of an active session). */
    private boolean holding;

    TimeOrder(PrintStream out) {
        this.out = out;
    }

    /** Every event, shown or not, before {@link #add}: the session start and the boundaries decide. */
    void see(TraceEvent e) {
        EventType kind = e.kind();
        if (kind == EventType.SESSION_START) {
            active = "claude-code-hooks".equals(e.data().get("mode")) || e.data().get("transcript_path") != null;
        }
        if (kind == EventType.USER_PROMPT || kind == EventType.SESSION_START || kind == EventType.SESSION_END) {
            flush();
            holding = active;
        }
    }

    /** One shown event's printed text. */
    void add(TraceEvent e, CharSequence text) {
        if (!holding) {
            out.append(text);
            return;
        }
        Held h = new Held(e.timestamp(), isTurn(e), text.toString());
        chars += text.length();
        if (h.turn()) {
            int at = floor;
            while (at < held.size() && (held.get(at).turn() || held.get(at).timestamp() <= h.timestamp())) {
                at++;
            }
            held.add(at, h);
            floor = at + 1;
        } else {
            held.add(h);
            if (held.size() == 1 && isBoundary(e)) {
                floor = 1;
            }
        }
        if (held.size() > MAX_LINES || chars > MAX_CHARS) {
            flush();
            holding = false;
        }
    }

    /** Prints everything held (before anything printed out of band: a subagent, the unanswered calls). */
    void flush() {
        for (Held h : held) {
            out.append(h.text());
        }
        held.clear();
        chars = 0;
        floor = 0;
    }

    private static boolean isTurn(TraceEvent e) {
        EventType kind = e.kind();
        return (kind == EventType.LLM_REQUEST || kind == EventType.LLM_RESPONSE)
                && "transcript".equals(e.data().get("source"));
    }

    private static boolean isBoundary(TraceEvent e) {
        EventType kind = e.kind();
        return kind == EventType.USER_PROMPT || kind == EventType.SESSION_START || kind == EventType.SESSION_END;
    }
}
