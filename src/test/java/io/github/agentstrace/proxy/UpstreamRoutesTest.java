package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UpstreamRoutesTest {
    private final UpstreamRoutes routes = new UpstreamRoutes(URI.create("https://mcp.example.com:8443/api/mcp"));

    @Test
    void toUpstream_rootIsTheUpstreamUrl() {
        assertEquals(URI.create("https://mcp.example.com:8443/api/mcp"), routes.toUpstream("/", null));
    }

    @Test
    void toUpstream_mapsPathsUnderTheUpstreamPathAndKeepsTheQuery() {
        assertEquals(URI.create("https://mcp.example.com:8443/api/mcp/messages/x%20y?sessionId=a%2Fb&z=1"),
                routes.toUpstream("/messages/x%20y", "sessionId=a%2Fb&z=1"));
    }

    @Test
    void toUpstream_keepsTrailingSlashAndQueryOfTheGivenUrl() {
        UpstreamRoutes r = new UpstreamRoutes(URI.create("http://h/mcp/?key=1"));
        assertEquals(URI.create("http://h/mcp/?key=1"), r.toUpstream("/", null));
        assertEquals(URI.create("http://h/mcp/sub?key=1&q=2"), r.toUpstream("/sub", "q=2"));
    }

    @Test
    void toUpstream_unknownAliasIsNull() {
        assertNull(routes.toUpstream("/.agent-strace/o/9/x", null));
        assertNull(routes.toUpstream("/.agent-strace/o/nope/x", null));
    }

    @Test
    void toProxy_pathsUnderTheBaseMapBack() {
        assertEquals("/", routes.toProxy(URI.create("https://mcp.example.com:8443/api/mcp")));
        assertEquals("/messages?sessionId=1", routes.toProxy(URI.create("https://MCP.example.com:8443/api/mcp/messages?sessionId=1")));
    }

    @Test
    void toProxy_sameOriginOutsideTheBaseGetsAnAliasThatRoutesBack() {
        UpstreamRoutes r = new UpstreamRoutes(URI.create("http://127.0.0.1:3001/sse"));
        String proxyPath = r.toProxy(URI.create("http://127.0.0.1:3001/message?sessionId=abc"));
        assertEquals("/.agent-strace/o/0/message?sessionId=abc", proxyPath);
        URI back = URI.create("http://proxy" + proxyPath);
        assertEquals(URI.create("http://127.0.0.1:3001/message?sessionId=abc"), r.toUpstream(back.getRawPath(), back.getRawQuery()));
    }

    @Test
    void toProxy_otherOriginsAreRegisteredOnlyWhenNamedByTheUpstream() {
        assertNull(routes.toUpstream("/.agent-strace/o/1/x", null));
        assertEquals("/.agent-strace/o/1/post", routes.toProxy(URI.create("http://other.example:9000/post")));
        assertEquals(URI.create("http://other.example:9000/post?q=1"), routes.toUpstream("/.agent-strace/o/1/post", "q=1"));
        assertEquals("/.agent-strace/o/1/again", routes.toProxy(URI.create("http://other.example:9000/again")));
    }

    @Test
    void origin_dropsDefaultPorts() {
        assertEquals("https://h", UpstreamRoutes.origin(URI.create("https://h:443/x")));
        assertEquals("http://h:8080", UpstreamRoutes.origin(URI.create("http://H:8080/x")));
    }
}
