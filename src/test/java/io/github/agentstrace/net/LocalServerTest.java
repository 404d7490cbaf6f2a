package io.github.agentstrace.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class LocalServerTest {
    @Test
    void loopbackNames() {
        assertTrue(LocalServer.isLoopback("localhost"));
        assertTrue(LocalServer.isLoopback("127.0.0.1"));
        assertTrue(LocalServer.isLoopback("::1"));
        assertFalse(LocalServer.isLoopback("0.0.0.0"));
        assertFalse(LocalServer.isLoopback("192.0.2.1"));
        assertFalse(LocalServer.isLoopback("no-such-host.invalid"));
    }

    @Test
    void urlsBracketIpv6() {
        assertEquals("http://127.0.0.1:7777", LocalServer.url("127.0.0.1", 7777));
        assertEquals("http://[::1]:7777", LocalServer.url("::1", 7777));
        assertEquals("http://[::1]:7777", LocalServer.url("[::1]", 7777));
    }

    @Test
    void bind_portZeroPicksAFreePortAndDoesNotServeYet() throws IOException {
        HttpServer s = LocalServer.bind("127.0.0.1", 0);
        try {
            assertTrue(s.getAddress().getPort() > 0);
            assertEquals("true", System.getProperty("sun.net.httpserver.nodelay"));
        } finally {
            s.stop(0);
        }
    }
}
