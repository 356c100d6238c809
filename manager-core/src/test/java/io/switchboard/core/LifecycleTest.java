package io.switchboard.core;

import static io.switchboard.core.testing.FrameAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.core.event.AgentStarted;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.ConnectionObserver;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.core.testing.FakeConnection.WriteMode;
import io.switchboard.core.testing.RecordingObserver;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Lifecycle: stale sweep, observers, shutdown")
class LifecycleTest {

    private static final UserId ALICE = UserId.of("alice");

    @Test
    @DisplayName("the sweep closes connections silent for longer than staleAfter, with 4002")
    void staleSweep() {
        ManagerHarness harness = new ManagerHarness();
        try (WebSocketManager manager = harness.manager) {
            FakeConnection silent = harness.connect("alice");
            FakeConnection chatty = harness.connect("alice");
            FakeConnection ponging = harness.connect("bob");
            harness.ticker.advance(Duration.ofSeconds(100));
            manager.onText(chatty.id(), "{\"type\":\"ping\"}");
            manager.onPong(ponging.id(), ByteBuffer.allocate(0));
            harness.ticker.advance(Duration.ofSeconds(21));

            assertThat(manager.closeStaleConnections()).isEqualTo(1);

            assertThat(silent.closeReason()).contains(CloseReason.STALE);
            assertThat(chatty.closeReason()).isEmpty();
            assertThat(ponging.closeReason()).isEmpty();
            assertThat(manager.stats().staleClosed()).isEqualTo(1);
            assertThat(manager.stats().connections()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("the built-in sweeper runs on its interval and stops with the manager")
    void builtInSweeperRunsAndStops() {
        ManagerHarness harness = new ManagerHarness(
                config -> config.staleSweepInterval(Duration.ofMillis(20)), builder -> builder);
        FakeConnection silent = harness.connect("alice");
        harness.ticker.advance(Duration.ofSeconds(121));
        await("the sweeper to close the silent connection").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5)).until(() -> silent.closeReason().isPresent());
        assertThat(silent.closeReason()).contains(CloseReason.STALE);
        assertThat(sweeperThreads()).isNotEmpty();
        harness.manager.close();
        assertThat(sweeperThreads()).as("every thread the manager started has stopped").isEmpty();
    }

    @Test
    @DisplayName("observers see connect, pong and exactly one disconnect per connection, in order")
    void observers() {
        RecordingObserver observer = new RecordingObserver();
        ConnectionObserver failing = new ConnectionObserver() {
            @Override
            public void onConnected(UserId user, Connection connection) {
                throw new IllegalStateException("observer bug");
            }
        };
        ManagerHarness harness = new ManagerHarness(config -> config.maxConnectionsPerUser(1),
                builder -> builder.addObserver(failing).addObserver(observer));
        try (WebSocketManager manager = harness.manager) {
            FakeConnection first = harness.connect("alice");
            manager.onPong(first.id(), ByteBuffer.wrap("42".getBytes(StandardCharsets.UTF_8)));
            harness.connect("alice");
            manager.disconnect(first.id(), CloseReason.NORMAL);
        }
        // The eviction is part of the newcomer's admission, so it is reported first.
        assertThat(observer.seen()).containsExactly("connected alice", "pong 42",
                "disconnected alice 4001", "connected alice", "disconnected alice 1001");
    }

    @Test
    @DisplayName("shutdown flushes queues, closes every connection with 1001 and refuses newcomers")
    void shutdownFlushesAndCloses() {
        ManagerHarness harness = new ManagerHarness();
        WebSocketManager manager = harness.manager;
        FakeConnection slow = harness.connect("alice");
        FakeConnection fast = harness.connect("bob");
        slow.writeMode(WriteMode.HELD);
        manager.sendToUser(ALICE, new AgentStarted("a"));
        manager.sendToUser(ALICE, new AgentStarted("b"));

        CompletableFuture<Void> done = manager.shutdown(CloseReason.GOING_AWAY);

        assertThat(fast.closeReason()).contains(CloseReason.GOING_AWAY);
        assertThat(slow.closeReason()).as("waits for its queue to flush").isEmpty();
        assertThat(done).isNotDone();
        slow.releaseWrites();
        assertThat(done).isCompleted();
        assertThat(slow).hasTypes("welcome", "agent_started", "agent_started");
        assertThat(slow.closeReason()).contains(CloseReason.GOING_AWAY);

        FakeConnection late = new FakeConnection();
        assertThat(manager.connect(ALICE, late)).isEqualTo(new Admission.Refused(CloseReason.GOING_AWAY));
        assertThat(manager.sendToUser(ALICE, new AgentStarted("c")).status()).isEqualTo(SendStatus.SHUT_DOWN);
        assertThat(manager.shutdown(CloseReason.SERVICE_RESTART)).isSameAs(done);
        manager.close();
        assertThat(manager.stats().connections()).isZero();
    }

    @Test
    @DisplayName("close() gives up on a queue that never flushes after the grace period")
    void closeForcesAfterGrace() {
        ManagerHarness harness = new ManagerHarness(
                config -> config.shutdownGracePeriod(Duration.ofMillis(50)), builder -> builder);
        FakeConnection stuck = harness.connect("alice");
        stuck.writeMode(WriteMode.HELD);
        harness.manager.sendToUser(ALICE, new AgentStarted("a"));
        harness.manager.close();
        assertThat(stuck.closeReason()).contains(CloseReason.GOING_AWAY);
    }

    @Test
    @DisplayName("shutdown with 1012 tells clients to reconnect elsewhere")
    void serviceRestart() {
        ManagerHarness harness = new ManagerHarness();
        FakeConnection tab = harness.connect("alice");
        harness.manager.shutdown(CloseReason.SERVICE_RESTART).join();
        assertThat(tab.closeReason()).map(CloseReason::code).contains(1012);
        harness.manager.close();
    }

    private static List<Thread> sweeperThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("switchboard-") && thread.isAlive())
                .toList();
    }
}
