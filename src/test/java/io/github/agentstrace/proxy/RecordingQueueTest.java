package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.agentstrace.mcp.Direction;
import org.junit.jupiter.api.Test;

class RecordingQueueTest {
    @Test
    void offer_overBudgetIsDroppedCountedAndAnnouncedWithTheNextChunk() throws Exception {
        RecordingQueue q = new RecordingQueue(10);
        q.offer(Direction.CLIENT_TO_SERVER, "0123456789".getBytes(), 10, 1);
        q.offer(Direction.CLIENT_TO_SERVER, "abc".getBytes(), 3, 2); // over budget: dropped
        q.offer(Direction.SERVER_TO_CLIENT, "x".getBytes(), 1, 3);   // other direction: also over budget
        assertEquals(4, q.lostBytes());
        RecordingQueue.Chunk first = q.take();
        assertEquals(0, first.lostBefore());
        q.offer(Direction.CLIENT_TO_SERVER, "de".getBytes(), 2, 4);
        RecordingQueue.Chunk next = q.take();
        assertEquals("de", new String(next.bytes()));
        assertEquals(3, next.lostBefore(), "the loss of this direction only");
        q.close();
        RecordingQueue.Chunk pending = q.take();
        assertEquals(Direction.SERVER_TO_CLIENT, pending.dir());
        assertEquals(1, pending.lostBefore(), "losses not yet announced are queued at close");
        assertNull(q.take());
        assertNull(q.take(), "stays closed");
    }

    @Test
    void offer_copiesTheBufferSoThePumpCanReuseIt() throws Exception {
        RecordingQueue q = new RecordingQueue(100);
        byte[] buf = "hello".getBytes();
        q.offer(Direction.CLIENT_TO_SERVER, buf, 5, 1);
        buf[0] = 'j';
        assertEquals("hello", new String(q.take().bytes()));
    }

    @Test
    void offer_afterCloseIsIgnored() throws Exception {
        RecordingQueue q = new RecordingQueue(100);
        q.close();
        q.offer(Direction.CLIENT_TO_SERVER, "x".getBytes(), 1, 1);
        assertNull(q.take());
    }
}
