package io.github.agentstrace.proxy;

/** Which way a message crossed the HTTP proxy. */
enum Flow {
    CLIENT_TO_SERVER,
    SERVER_TO_CLIENT
}
