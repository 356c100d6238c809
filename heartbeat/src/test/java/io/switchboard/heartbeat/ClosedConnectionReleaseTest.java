package io.switchboard.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.core.CloseReason;
import io.switchboard.core.ManagerConfig;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.heartbeat.SimulatedPeer.Behaviour;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A closed connection must not stay reachable from the library: with churn, every closed socket
 * the heartbeat kept until its slot came due (up to interval + timeout, 40 s in production) would
 * pile up on the heap. The connections are counted the way a heap histogram would: weak
 * references to every connection the test created, after a GC.
 */
@DisplayName("Heartbeat and closed connections")
class ClosedConnectionReleaseTest {

    private static final int CYCLES = 2_000;
    private static final int KEPT_OPEN = 10;

    private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(1);

    @AfterEach
    void stopAnswering() {
        answers.shutdownNow();
    }

    @Test
    @DisplayName("after churn through the manager, no closed connection stays reachable; open ones are still monitored")
    void closedConnectionsAreReleased() {
        // Production timings: without release, a closed connection would wait up to 30 s for its
        // first ping slot. A short tick only makes "within one tick" quick to observe.
        HeartbeatConfig config = HeartbeatConfig.production().toBuilder().tick(Duration.ofMillis(10)).build();
        HeartbeatMonitor monitor = HeartbeatMonitor.create(config);
        try (WebSocketManager manager = WebSocketManager.builder()
                .config(ManagerConfig.builder().maxConnections(CYCLES + KEPT_OPEN)
                        .maxConnectionsPerUser(1).staleSweepInterval(Duration.ZERO).build())
                .addObserver(monitor).build()) {
            List<FakeConnection> open = new ArrayList<>();
            for (int n = 0; n < KEPT_OPEN; n++) {
                open.add(connect(manager, "open-" + n));
            }
            List<WeakReference<FakeConnection>> closed = churn(manager);

            long live = liveAfterGc(closed, Duration.ofSeconds(10));

            assertThat(live).as("closed connections still reachable after %d churn cycles", CYCLES)
                    .isZero();
            assertThat(monitor.stats().monitored()).isEqualTo(KEPT_OPEN);
            assertThat(manager.stats().connections()).isEqualTo(KEPT_OPEN);
            assertThat(open).allMatch(FakeConnection::isOpen);
        }
    }

    // Connects and disconnects CYCLES connections, half closed by the manager, half as a transport
    // reports a socket that closed; keeps only weak references to them.
    private List<WeakReference<FakeConnection>> churn(WebSocketManager manager) {
        List<WeakReference<FakeConnection>> closed = new ArrayList<>(CYCLES);
        for (int n = 0; n < CYCLES; n++) {
            FakeConnection peer = connect(manager, "churn-" + n);
            if (n % 2 == 0) {
                manager.disconnect(peer.id(), CloseReason.NORMAL);
            } else {
                manager.disconnectUser(UserId.of("churn-" + n), CloseReason.NORMAL);
            }
            assertThat(peer.isOpen()).isFalse();
            closed.add(new WeakReference<>(peer));
        }
        return closed;
    }

    private FakeConnection connect(WebSocketManager manager, String user) {
        return SimulatedPeer.connect(manager, UserId.of(user), Behaviour.ANSWERS, Duration.ZERO, answers)
                .connection();
    }

    // Collects until every reference is cleared or the deadline passes; the number still set.
    private static long liveAfterGc(List<WeakReference<FakeConnection>> references, Duration within) {
        try {
            return await("every closed connection to be collected").atMost(within)
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).pollInSameThread()
                    .until(() -> {
                        System.gc();
                        return references.stream().filter(reference -> reference.get() != null).count();
                    }, live -> live == 0);
        } catch (ConditionTimeoutException e) {
            return references.stream().filter(reference -> reference.get() != null).count();
        }
    }
}
