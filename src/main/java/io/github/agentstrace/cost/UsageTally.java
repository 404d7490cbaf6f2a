package io.github.agentstrace.cost;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.EventType;
import io.github.agentstrace.model.TraceEvent;
import io.github.agentstrace.transcript.Usage;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A running total of real token usage and its price, fed one event at a time, for reports that already
 * walk a session (stats) and should not walk it twice. Only {@code llm_response} events that carry usage
 * count; nothing is estimated here.
 */
public final class UsageTally {
    private final PriceTable prices;
    private final Set<String> unknownModels = new LinkedHashSet<>();
    private Usage usage = Usage.ZERO;
    private double dollars;
    private long turns;

    public UsageTally(PriceTable prices) {
        this.prices = prices;
    }

    public void accept(TraceEvent e) {
        if (e.kind() != EventType.LLM_RESPONSE || !Usage.present(e.data())) {
            return;
        }
        Usage u = Usage.fromJson(e.data());
        String model = Json.asString(e.data().get("model"));
        var cost = prices.cost(model, u);
        if (cost.isPresent()) {
            dollars += cost.getAsDouble();
        } else {
            unknownModels.add(model == null ? "(unknown model)" : model);
        }
        usage = usage.plus(u);
        turns++;
    }

    /** LLM turns with recorded usage. */
    public long turns() {
        return turns;
    }

    public Usage usage() {
        return usage;
    }

    /** Dollars for the priced turns (turns of unknown models add nothing). */
    public double dollars() {
        return dollars;
    }

    /** Models seen without a price. */
    public Set<String> unknownModels() {
        return unknownModels;
    }

    public String pricesAsOf() {
        return prices.asOf();
    }
}
