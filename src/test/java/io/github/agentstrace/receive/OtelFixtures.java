package io.github.agentstrace.receive;

import io.github.agentstrace.json.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The bodies Claude Code really sent (src/test/resources/claude-code-otel, copied from the shared fixtures). */
final class OtelFixtures {
    /** One request as received: its signal, whether it is JSON, and its body. */
    record Body(Signal signal, boolean json, byte[] bytes, String file) {
        Telemetry decode() {
            return json ? JsonDecoder.decode(signal, bytes) : ProtobufDecoder.decode(signal, bytes);
        }
    }

    private OtelFixtures() {
    }

    /** The requests of one capture, in the order they arrived; {@code json}: the http/json one, else protobuf. */
    static List<Body> bodies(boolean json) throws IOException {
        Path dir = dir(json ? "http-json" : "http-protobuf");
        Map<String, Object> index = Json.asObject(Json.parse(Files.readAllBytes(dir.resolve("index.json"))));
        List<Body> out = new ArrayList<>();
        for (Object r : Json.asArray(index.get("requests"))) {
            Map<String, Object> req = Json.asObject(r);
            String file = Json.asString(req.get("file"));
            out.add(new Body(Signal.at(Json.asString(req.get("path"))), json, Files.readAllBytes(dir.resolve(file)), file));
        }
        return out;
    }

    static List<Body> bodies(boolean json, Signal signal) throws IOException {
        List<Body> out = new ArrayList<>();
        for (Body b : bodies(json)) {
            if (b.signal() == signal) {
                out.add(b);
            }
        }
        return out;
    }

    static Path dir(String name) {
        try {
            return Path.of(OtelFixtures.class.getResource("/claude-code-otel/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
