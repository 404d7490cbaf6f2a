import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;

/**
 * The cost of the JDK's two HTTP clients for what the OTLP exporter does: 22 POSTs of an 830 KB body (a
 * 300k-event session's gzip'd batches) to a local receiver, one at a time. Run under /usr/bin/time with the
 * launcher's JVM options for read commands, once per client, against bench/OtlpSink.java:
 *
 *   java bench/OtlpSink.java &      # prints "port N"
 *   /usr/bin/time java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC bench/HttpClientCost.java httpclient N
 *   /usr/bin/time java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC bench/HttpClientCost.java urlconnection N
 *
 * (As a single-file program the source is compiled first, the same for both; compile it with javac to leave
 * that out.)
 */
public final class HttpClientCost {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + Integer.parseInt(args[1]) + "/v1/traces");
        byte[] body = new byte[830_000];
        new Random(1).nextBytes(body);
        long t0 = System.nanoTime();
        if (args[0].equals("httpclient")) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 22; i++) {
                HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .header("Content-Type", "application/x-protobuf").build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    in.readAllBytes();
                }
            }
        } else {
            for (int i = 0; i < 22; i++) {
                HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
                c.setRequestProperty("Content-Type", "application/x-protobuf");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
                c.getResponseCode();
                try (InputStream in = c.getInputStream()) {
                    in.readAllBytes();
                }
            }
        }
        System.out.println(args[0] + ": 22 requests in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
}
