package io.github.agentstrace.cli;

import java.util.concurrent.CountDownLatch;

/**
 * How the servers (`mcp --http`, `receive`, `serve`) run: until Ctrl-C or SIGTERM, when the JVM's shutdown
 * closes them and the command returns; an interrupt closes them too.
 */
final class UntilStopped {
    private UntilStopped() {
    }

    static void await(String name, Runnable close) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close.run();
            stopped.countDown();
        }, "agent-strace-" + name + "-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close.run();
        }
    }
}
