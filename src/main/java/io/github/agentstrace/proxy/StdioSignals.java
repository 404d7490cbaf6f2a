package io.github.agentstrace.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Catches INT, TERM and HUP for the life of a recording so they can be passed on to the server instead of
 * killing the JVM mid-write; {@link #close()} restores the previous handlers. Where the JVM does not allow
 * it (e.g. {@code -Xrs}), nothing is installed and the shutdown hook of {@link StdioProxy} is the fallback.
 */
final class StdioSignals implements AutoCloseable {
    static final List<String> FORWARDED = List.of("INT", "TERM", "HUP");

    private final List<Runnable> restore = new ArrayList<>();

    private StdioSignals() {
    }

    static StdioSignals install(Consumer<String> onSignal) {
        StdioSignals s = new StdioSignals();
        for (String name : FORWARDED) {
            try {
                Signal signal = new Signal(name);
                SignalHandler previous = Signal.handle(signal, sig -> onSignal.accept(sig.getName()));
                s.restore.add(() -> Signal.handle(signal, previous));
            } catch (IllegalArgumentException | LinkageError e) {
                // signal in use by the JVM or not available here: the shutdown hook covers it
            }
        }
        return s;
    }

    boolean installed() {
        return !restore.isEmpty();
    }

    @Override
    public void close() {
        for (Runnable r : restore) {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // best effort
            }
        }
        restore.clear();
    }
}
