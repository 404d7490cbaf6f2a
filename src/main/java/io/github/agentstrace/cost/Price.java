package io.github.agentstrace.cost;

import io.github.agentstrace.model.Usage;

/**
 * One model's prices in dollars per million tokens. A cache-write price the vendor does not publish is
 * taken as the input price; cache writes of unknown lifetime are priced as 5-minute writes (the usage
 * record counts them so).
 */
record Price(double input, double output, double cacheWrite5m, double cacheWrite1h, double cacheRead) {

    double cost(Usage u) {
        double dollars = u.inputTokens() * input
                + u.outputTokens() * output
                + u.cacheWrite5mTokens() * cacheWrite5m
                + u.cacheWrite1hTokens() * cacheWrite1h
                + u.cacheReadTokens() * cacheRead;
        return dollars / 1_000_000.0;
    }
}
