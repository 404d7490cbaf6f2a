import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OTLP/HTTP receiver for bench/export-bench.sh: binds 127.0.0.1 on a free port, prints
 * "port N", then one line "request <wire bytes> <body bytes>" per POST, answering 200 with an empty body.
 * Run as a single-file program: java bench/OtlpSink.java
 */
public final class OtlpSink {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] raw = exchange.getRequestBody().readAllBytes();
                long body = raw.length;
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                        body = in.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                }
                synchronized (System.out) {
                    System.out.println("request " + raw.length + " " + body);
                    System.out.flush();
                }
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
        System.out.println("port " + server.getAddress().getPort());
        System.out.flush();
    }
}
