package io.github.agentstrace.proxy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code record --policy} asks before a {@code tools/call} request reaches the server: null lets it
 * through, a {@link Denial} keeps it from the server, and the proxy answers the client itself
 * ({@link PolicyGate}). Called on the client-to-server pump's thread, one request at a time.
 */
@FunctionalInterface
public interface CallGate {
    /**
     * Why a call may not be made.
     *
     * @param message the reason, for the client (and the model behind it) to read
     * @param data    the facts of the denial: the JSON-RPC error's {@code data}, and what the session records
     */
    record Denial(String message, Map<String, Object> data) {
        public Denial {
            data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        }
    }

    /** The denial of a call to {@code tool} with {@code arguments} (an empty map when none), or null. */
    Denial check(String tool, Map<String, Object> arguments);
}
