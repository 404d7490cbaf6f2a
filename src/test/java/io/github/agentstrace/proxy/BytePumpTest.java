package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.agentstrace.mcp.Direction;
import io.github.agentstrace.model.Clock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BytePumpTest {
    @Test
    void run_forwardsEachReadImmediatelyWithoutWaitingForANewline() throws Exception {
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(client);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread t = new Thread(new BytePump(in, out, Direction.CLIENT_TO_SERVER, null, Clock.system(), () -> { }, () -> { }));
        t.start();
        client.write("{\"partial\":".getBytes());
        client.flush();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (out.size() < 11 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals("{\"partial\":", out.toString(), "half a message is forwarded as soon as it is read");
        client.close();
        t.join();
    }

    @Test
    void run_keepsReadingAfterTheOutputBreaksAndStillRecords() throws Exception {
        byte[] data = new byte[1 << 20];
        AtomicInteger writes = new AtomicInteger();
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                writes.incrementAndGet();
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writes.incrementAndGet();
                throw new IOException("Broken pipe");
            }
        };
        RecordingQueue q = new RecordingQueue(Long.MAX_VALUE);
        AtomicBoolean ended = new AtomicBoolean();
        AtomicBoolean brokenSeen = new AtomicBoolean();
        BytePump pump = new BytePump(new ByteArrayInputStream(data), broken, Direction.SERVER_TO_CLIENT, q,
                Clock.system(), () -> ended.set(true), () -> brokenSeen.set(true));
        pump.run();
        assertTrue(ended.get());
        assertTrue(brokenSeen.get());
        assertTrue(pump.outputBroken());
        assertEquals(1, writes.get(), "no more writes after the first failure");
        assertEquals(data.length, pump.bytes(), "the whole input was drained");
        q.close();
        long recorded = 0;
        for (RecordingQueue.Chunk c; (c = q.take()) != null; ) {
            recorded += c.bytes().length;
        }
        assertEquals(data.length, recorded);
    }
}
