package io.github.agentstrace.mcp;

import java.util.Locale;

/** Which way a message crossed a proxy. Both directions carry requests, responses and notifications. */
public enum Direction {
    CLIENT_TO_SERVER,
    SERVER_TO_CLIENT;

    /** The other direction: where the answer to a request sent this way travels. */
    public Direction opposite() {
        return this == CLIENT_TO_SERVER ? SERVER_TO_CLIENT : CLIENT_TO_SERVER;
    }

    /** The name recorded in event data: {@code client_to_server} or {@code server_to_client}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
