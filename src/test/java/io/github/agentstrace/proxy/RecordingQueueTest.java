package io.github.agentstrace.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.agentstrace.mcp.Direction;
import io.github.agentstrace.model.Clock;
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
    void poll_takesWhatIsQueuedWithoutWaitingAndLeavesTheEndForTake() throws Exception {
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(1_000);
        RecordingQueue q = new RecordingQueue(1 << 20, Clock.at(clock::get, () -> 0), 100, 10_000); // the wire never goes quiet
        assertNull(q.poll());
        q.offer(Direction.CLIENT_TO_SERVER, "a".getBytes(), 1, clock.get());
        q.offer(Direction.SERVER_TO_CLIENT, "b".getBytes(), 1, clock.get());
        assertEquals("a", new String(q.poll().bytes()));
        q.close();
        assertEquals("b", new String(q.poll().bytes()));
        assertNull(q.poll(), "the end is not a chunk");
        assertNull(q.take(), "and is still there for take");
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
    void offer_afterCloseIsNotQueuedButCountedAsUnrecorded() throws Exception {
        RecordingQueue q = new RecordingQueue(100);
        q.close();
        q.offer(Direction.CLIENT_TO_SERVER, "xyz".getBytes(), 3, 1);
        assertNull(q.take());
        assertEquals(3, q.lostBytes());
    }

    @Test
    void offer_racingCloseIsEitherTakenOrCountedNeverSilentlyLost() throws Exception {
        for (int round = 0; round < 200; round++) {
            RecordingQueue q = new RecordingQueue(Long.MAX_VALUE);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            Thread[] pumps = new Thread[2];
            for (Direction d : Direction.values()) {
                pumps[d.ordinal()] = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 200; i++) {
                        q.offer(d, "abcd".getBytes(), 4, i);
                    }
                });
                pumps[d.ordinal()].start();
            }
            go.countDown();
            q.close();
            for (Thread t : pumps) {
                t.join();
            }
            long taken = 0;
            RecordingQueue.Chunk c;
            while ((c = q.take()) != null) {
                taken += c.bytes().length;
            }
            assertEquals(2 * 200 * 4, taken + q.lostBytes(), "round " + round);
        }
    }

    @Test
    void take_waitsForTheWireToGoQuietOrTheLagLimit() throws Exception {
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(1_000);
        RecordingQueue q = new RecordingQueue(1 << 20, Clock.at(clock::get, () -> 0), 100, 10_000);
        q.offer(Direction.CLIENT_TO_SERVER, "a".getBytes(), 1, clock.get());
        java.util.concurrent.CompletableFuture<RecordingQueue.Chunk> taken =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return q.take();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
        Thread.sleep(50);
        assertEquals(false, taken.isDone(), "the wire is busy (the clock has not moved): recording waits");
        clock.addAndGet(50);
        q.offer(Direction.SERVER_TO_CLIENT, "b".getBytes(), 1, clock.get()); // more traffic restarts the quiet wait
        clock.addAndGet(60);
        Thread.sleep(50);
        assertEquals(false, taken.isDone(), "60 of 100 quiet units");
        clock.addAndGet(40);
        assertEquals("a", new String(taken.get(10, java.util.concurrent.TimeUnit.SECONDS).bytes()));

        // Under continuous traffic the lag limit releases the oldest chunk.
        clock.addAndGet(20_000);
        for (int i = 0; i < 3; i++) {
            clock.addAndGet(50);
            q.offer(Direction.CLIENT_TO_SERVER, "c".getBytes(), 1, clock.get() - 20_000);
        }
        assertEquals("b", new String(q.take().bytes()), "b waited past the lag limit");
        q.close();
        assertEquals("c", new String(q.take().bytes()), "after close nothing waits");
    }
}
