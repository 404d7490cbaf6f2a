package io.github.agentstrace.otlp;

import java.time.Duration;

/** Waits between retries; injected so that tests check the delays without spending them. */
@FunctionalInterface
interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));

    void sleep(Duration d) throws InterruptedException;
}
