import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal MCP stdio server for benchmarks: answers every request line with a small tools/call-style
 * result carrying the same id. No JSON library: the benchmark measures the proxy, not this server.
 * Run with: java bench/EchoServer.java
 */
public class EchoServer {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        String line;
        while ((line = in.readLine()) != null) {
            int at = line.indexOf("\"id\":");
            if (at < 0) {
                continue;
            }
            int from = at + 5;
            int to = from;
            while (to < line.length() && line.charAt(to) != ',' && line.charAt(to) != '}') {
                to++;
            }
            String id = line.substring(from, to);
            out.write(("{\"jsonrpc\":\"2.0\",\"id\":" + id
                    + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]}}\n").getBytes(StandardCharsets.UTF_8));
            // Flush per answer unless more requests are already waiting (keeps throughput runs fair).
            if (!in.ready()) {
                out.flush();
            }
        }
        out.flush();
    }
}
