package io.github.agentstrace.store;

import java.nio.file.Path;

/**
 * Another process for {@link RecorderMarkTest}: {@code probe ROOT SESSION} prints the session's
 * {@link RecorderState}; {@code hold ROOT SESSION} takes the session's mark, prints {@code held} and keeps
 * it until its stdin closes or it is killed.
 */
public final class RecorderMarkMain {
    private RecorderMarkMain() {
    }

    public static void main(String[] args) throws Exception {
        TraceStore store = new TraceStore(Path.of(args[1]));
        if (args[0].equals("probe")) {
            System.out.println(store.recorder(args[2]));
            return;
        }
        try (RecorderMark ignored = store.markRecorder(args[2])) {
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until our stdin closes
            }
        }
    }
}
