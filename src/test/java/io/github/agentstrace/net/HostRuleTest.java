package io.github.agentstrace.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostRuleTest {
    private final HostRule loopback = new HostRule("127.0.0.1", 7777);

    @Test
    void localhostTheBoundAddressAndIpLiterals_onOurPort_pass() {
        for (String ok : List.of("127.0.0.1:7777", "localhost:7777", "LocalHost:7777", " localhost:7777 ", "[::1]:7777",
                "10.1.2.3:7777", "[fe80::1]:7777", "255.255.255.255:7777")) {
            assertTrue(loopback.allows(ok), ok);
        }
    }

    @Test
    void dnsNamesOtherPortsAndMissingPorts_fail() {
        for (String bad : List.of("evil.example:7777", "127.0.0.1.nip.io:7777", "localhost.evil:7777", "127.0.0.1:7778",
                "localhost", "127.0.0.1", "[::1]", "", ":7777", "256.1.1.1:7777", "1.2.3:7777", "1.2.3.4.5:7777",
                "[::1:7777", "[]:7777", "[::1]7777", "localhost:7777x", "localhost:07777")) {
            assertFalse(loopback.allows(bad), bad);
        }
        assertFalse(loopback.allows((String) null));
    }

    @Test
    void exactlyOneHostHeader() {
        assertTrue(loopback.allows(List.of("localhost:7777")));
        assertFalse(loopback.allows(List.of("localhost:7777", "localhost:7777")), "two Host headers");
        assertFalse(loopback.allows(List.of()));
        assertFalse(loopback.allows((List<String>) null), "no Host header");
    }

    @Test
    void theBoundNameIsAcceptedAsGiven_caseAndBracketsAside() {
        HostRule named = new HostRule("MyBox.lan", 80);
        assertTrue(named.allows("mybox.lan:80"));
        assertFalse(named.allows("other.lan:80"));
        HostRule v6 = new HostRule("::", 9000);
        assertTrue(v6.allows("[::]:9000"));
        assertEquals("localhost, [::] or an IP address on port 9000", v6.expected());
    }

    @Test
    void anOwnPage_isLoopbackOrTheBoundAddress_notAnyIpLiteral() {
        for (String own : List.of("localhost", "127.0.0.1", "127.0.0.2", "::1", "[::1]", "LOCALHOST")) {
            assertTrue(loopback.isOwnPage(own), own);
        }
        for (String foreign : List.of("203.0.113.7", "10.1.2.3", "evil.example", "127.0.0.1.nip.io", "[::2]")) {
            assertFalse(loopback.isOwnPage(foreign), foreign);
        }
        assertTrue(new HostRule("mybox.lan", 1).isOwnPage("MYBOX.lan"));
    }
}
