package io.github.agentstrace.cost;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.json.JsonException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Model prices: the built-in table ({@code prices.json} in the jar, dated) with an optional user file of
 * the same shape merged over it. A model id matches the longest table key it starts with, after dropping
 * a vendor prefix ({@code anthropic/}), a context marker ({@code [1m]}) and a date suffix
 * ({@code -20250929}, {@code -2024-08-06}), so {@code claude-sonnet-4-5-20250929} is priced as
 * {@code claude-sonnet-4-5}; there is no fuzzy matching beyond that.
 */
public final class PriceTable {
    private final Map<String, Price> prices;
    private final String asOf;
    private final String source;
    private final Map<String, Optional<Price>> found = new java.util.concurrent.ConcurrentHashMap<>();

    private PriceTable(Map<String, Price> prices, String asOf, String source) {
        this.prices = prices;
        this.asOf = asOf;
        this.source = source;
    }

    /** The built-in table, with {@code userFile} (may be null) merged over it. */
    public static PriceTable load(Path userFile) {
        Map<String, Object> builtIn;
        try (InputStream in = PriceTable.class.getResourceAsStream("prices.json")) {
            builtIn = Json.asObject(Json.parse(in.readAllBytes()));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("built-in price table missing from the jar", e);
        }
        Map<String, Price> prices = new TreeMap<>();
        read(builtIn, prices, "built-in price table");
        String asOf = Json.asString(builtIn.get("as_of"));
        String source = Json.asString(builtIn.get("source"));
        if (userFile != null) {
            Map<String, Object> user;
            try {
                user = Json.asObject(Json.parse(Files.readAllBytes(userFile)));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read price file " + userFile + ": " + e.getMessage());
            } catch (JsonException e) {
                throw new IllegalArgumentException("price file " + userFile + " is not valid JSON: " + e.getMessage());
            }
            read(user, prices, "price file " + userFile);
            asOf = asOf + " + " + userFile.getFileName();
        }
        return new PriceTable(prices, asOf, source);
    }

    private static void read(Map<String, Object> doc, Map<String, Price> into, String what) {
        if (!(doc.get("models") instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(what + ": expected {\"models\": {\"<model>\": {\"input\": ..., \"output\": ...}}}");
        }
        Json.asObject(doc.get("models")).forEach((model, value) -> {
            Map<String, Object> p = Json.asObject(value);
            if (!(p.get("input") instanceof Number in) || !(p.get("output") instanceof Number out)) {
                throw new IllegalArgumentException(what + ": model '" + model + "' needs numeric input and output prices");
            }
            double input = in.doubleValue();
            into.put(model.toLowerCase(Locale.ROOT), new Price(input, out.doubleValue(),
                    number(p, "cache_write_5m", input), number(p, "cache_write_1h", input),
                    number(p, "cache_read", input)));
        });
    }

    private static double number(Map<String, Object> p, String key, double fallback) {
        return p.get(key) instanceof Number n ? n.doubleValue() : fallback;
    }

    /**
     * The price of a model, if the table knows it. Matching is exact after normalising: a model the table
     * does not name is reported as unknown rather than priced like a relative.
     */
    Optional<Price> find(String model) {
        if (model == null || model.isEmpty()) {
            return Optional.empty();
        }
        // A session names a handful of models over thousands of turns: normalise each name once.
        return found.computeIfAbsent(model, m -> Optional.ofNullable(prices.get(normalise(m))));
    }

    /** Dollars for one model's usage, or empty when the model is not in the table. */
    public java.util.OptionalDouble cost(String model, io.github.agentstrace.model.Usage usage) {
        Optional<Price> p = find(model);
        return p.isPresent() ? java.util.OptionalDouble.of(p.get().cost(usage)) : java.util.OptionalDouble.empty();
    }

    static String normalise(String model) {
        String m = model.toLowerCase(Locale.ROOT).trim();
        int slash = m.lastIndexOf('/');
        if (slash >= 0) {
            m = m.substring(slash + 1);
        }
        if (m.endsWith("]") && m.lastIndexOf('[') >= 0) {
            m = m.substring(0, m.lastIndexOf('[')); // a context marker: [1m]
        }
        int n = m.length();
        if (n > 9 && digits(m, n - 8, n) && (m.charAt(n - 9) == '-' || m.charAt(n - 9) == '@')) {
            return m.substring(0, n - 9); // -20250929
        }
        if (n > 11 && m.charAt(n - 11) == '-' && m.charAt(n - 6) == '-' && m.charAt(n - 3) == '-'
                && digits(m, n - 10, n - 6) && digits(m, n - 5, n - 3) && digits(m, n - 2, n)) {
            return m.substring(0, n - 11); // -2024-08-06
        }
        return m;
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Dollars rounded to a millionth: the precision every report prints and exports. */
    public static double roundUsd(double usd) {
        return Math.round(usd * 1e6) / 1e6;
    }

    public String asOf() {
        return asOf;
    }

    public String source() {
        return source;
    }
}
