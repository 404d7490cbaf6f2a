package io.github.agentstrace.cost;

import io.github.agentstrace.transcript.Usage;

/**
 * One model's prices in dollars per million tokens. A cache-write price the vendor does not publish is
 * taken as the input price; cache writes of unknown lifetime are priced as 5-minute writes.
 */
record Price(double input, double output, double cacheWrite5m, double cacheWrite1h, double cacheRead) {

    double cost(Usage u) {
        long split = u.cacheWrite5mTokens() + u.cacheWrite1hTokens();
        long unsplit = Math.max(0, u.cacheCreationTokens() - split);
        double dollars = u.inputTokens() * input
                + u.outputTokens() * output
                + (u.cacheWrite5mTokens() + unsplit) * cacheWrite5m
                + u.cacheWrite1hTokens() * cacheWrite1h
                + u.cacheReadTokens() * cacheRead;
        return dollars / 1_000_000.0;
    }
}
