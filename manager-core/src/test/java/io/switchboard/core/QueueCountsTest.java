package io.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The frame counters each outbound queue keeps for itself, and hands to the manager when it
 * closes or a snapshot is taken: while connections come and go and frames flow, no snapshot ever
 * shows a counter going back, and once everything is closed the counters are exactly what the
 * connections received.
 */
@DisplayName("Frame counters kept per queue")
class QueueCountsTest {

    private static final ThreadId THREAD = ThreadId.of("t-1");
    private static final int USERS = 8;

    private final ManagerHarness harness = new ManagerHarness(config -> config.maxConnections(1_000)
            .maxConnectionsPerUser(2), builder -> builder);
    private final WebSocketManager manager = harness.manager;

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    @DisplayName("never go back across churn, and add up to what the connections received")
    void monotonicAndExact() throws Exception {
        ConcurrentLinkedQueue<FakeConnection> opened = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<String> violation = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(3);
        List<Thread> threads = new ArrayList<>();
        // Connects and disconnects tabs: each close hands its queue's counts over.
        threads.add(new Thread(() -> {
            try {
                while (running.get()) {
                    FakeConnection tab = harness.connect("u-" + ThreadLocalRandom.current().nextInt(USERS));
                    opened.add(tab);
                    manager.subscribe(tab.id(), THREAD);
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        manager.disconnect(tab.id(), CloseReason.NORMAL);
                    }
                }
            } finally {
                done.countDown();
            }
        }));
        // Sends to every user's thread.
        threads.add(new Thread(() -> {
            try {
                int n = 0;
                while (running.get()) {
                    manager.sendToThread(UserId.of("u-" + (n % USERS)), THREAD,
                            new ToolExecuting("c-" + n, "search", Map.of()));
                    n++;
                }
            } finally {
                done.countDown();
            }
        }));
        // Takes snapshots, each of which harvests the open queues.
        threads.add(new Thread(() -> {
            try {
                long queued = 0;
                long written = 0;
                while (running.get()) {
                    ManagerStats stats = manager.stats();
                    if (stats.framesQueued() < queued || stats.framesWritten() < written) {
                        violation.compareAndSet(null, "went back: queued " + queued + " -> "
                                + stats.framesQueued() + ", written " + written + " -> "
                                + stats.framesWritten());
                    }
                    if (stats.queuedFrames() < 0 || stats.queuedBytes() < 0) {
                        violation.compareAndSet(null, "negative depth: " + stats);
                    }
                    queued = stats.framesQueued();
                    written = stats.framesWritten();
                }
            } finally {
                done.countDown();
            }
        }));
        threads.forEach(Thread::start);
        // Long enough for thousands of connections and frames, whatever the machine.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline && violation.get() == null) {
            Thread.onSpinWait();
        }
        running.set(false);
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(violation.get()).isNull();

        opened.forEach(tab -> manager.disconnect(tab.id(), CloseReason.NORMAL));
        long received = opened.stream().mapToLong(FakeConnection::frameCount).sum();
        ManagerStats stats = manager.stats();
        assertThat(opened).hasSizeGreaterThan(100);
        assertThat(stats.framesWritten()).as("every frame a connection received, once")
                .isEqualTo(received);
        assertThat(stats.framesQueued()).isGreaterThanOrEqualTo(stats.framesWritten());
        assertThat(stats.queuedFrames()).isZero();
        assertThat(stats.queuedBytes()).isZero();
    }
}
