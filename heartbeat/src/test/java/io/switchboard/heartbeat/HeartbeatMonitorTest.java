package io.switchboard.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.core.CloseReason;
import io.switchboard.core.ManagerConfig;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.LivenessStats;
import io.switchboard.heartbeat.SimulatedPeer.Behaviour;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@DisplayName("Heartbeat monitor")
class HeartbeatMonitorTest {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatMonitorTest.class);
    // Short, but parked between polls: on a shared 2-core machine a spinning test thread takes
    // the time the heartbeat and the peers' answers need.
    private static final Duration POLL = Duration.ofMillis(1);

    private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(2);

    @AfterEach
    void stopAnswering() {
        answers.shutdownNow();
    }

    private static HeartbeatConfig fast() {
        return HeartbeatConfig.builder().interval(Duration.ofMillis(400))
                .timeout(Duration.ofMillis(300)).suspectAfter(Duration.ofMillis(100))
                .tick(Duration.ofMillis(10)).build();
    }

    private static WebSocketManager manager(HeartbeatMonitor monitor, int connections) {
        return WebSocketManager.builder()
                .config(ManagerConfig.builder().maxConnections(connections)
                        .maxConnectionsPerUser(1).staleSweepInterval(Duration.ZERO).build())
                .addObserver(monitor).build();
    }

    private SimulatedPeer connect(WebSocketManager manager, Behaviour behaviour, Duration lateBy, int n) {
        return SimulatedPeer.connect(manager, UserId.of("u-" + n), behaviour, lateBy, answers);
    }

    @Test
    @DisplayName("thousands of connections: pings spread, every dead one found, no live one dropped")
    void thousandsOfConnections() {
        // A timeout long enough that a loaded 2-core machine never makes a live peer look dead.
        HeartbeatConfig config = HeartbeatConfig.builder().interval(Duration.ofMillis(500))
                .timeout(Duration.ofSeconds(1)).suspectAfter(Duration.ofMillis(200))
                .tick(Duration.ofMillis(10)).build();
        HeartbeatMonitor monitor = HeartbeatMonitor.create(config);
        int total = 3000;
        try (WebSocketManager manager = manager(monitor, total)) {
            List<SimulatedPeer> peers = new ArrayList<>();
            for (int n = 0; n < total; n++) {
                peers.add(connect(manager, n % 10 == 0 ? Behaviour.SILENT : Behaviour.ANSWERS, null, n));
            }
            long dead = peers.stream().filter(p -> p.behaviour() == Behaviour.SILENT).count();
            Duration bound = config.interval().plus(config.timeout()).plus(Duration.ofMillis(200));
            await("every dead peer to be closed").atMost(bound.plusSeconds(5)).pollInterval(POLL)
                    .until(() -> peers.stream().filter(p -> p.behaviour() == Behaviour.SILENT)
                            .allMatch(p -> p.connection().closeReason().isPresent()));
            // Two more intervals: live peers must survive them.
            long settle = System.nanoTime() + 2 * config.interval().toNanos();
            await("two more intervals").atMost(Duration.ofSeconds(10)).pollInterval(POLL)
                    .until(() -> System.nanoTime() > settle);

            Histogram detection = new Histogram(3);
            for (SimulatedPeer peer : peers) {
                if (peer.behaviour() == Behaviour.SILENT) {
                    assertThat(peer.connection().closeReason()).contains(CloseReason.HEARTBEAT_TIMEOUT);
                    detection.recordValue((peer.connection().closedAtNanos() - peer.attachedAtNanos()) / 1_000_000);
                } else {
                    assertThat(peer.connection().closeReason()).as("a live peer is never dropped").isEmpty();
                }
            }
            assertThat(detection.getMaxValue()).as("dead peers found within interval + timeout + margin")
                    .isLessThanOrEqualTo(bound.toMillis() + 500);

            // First pings spread over the interval: no tenth of it holds more than twice its share.
            int[] buckets = new int[10];
            for (SimulatedPeer peer : peers) {
                long first = peer.connection().pingNanos().get(0) - peer.attachedAtNanos();
                buckets[(int) Math.min(9, first * 10 / config.interval().toNanos())]++;
            }
            for (int bucket : buckets) {
                assertThat(bucket).as("pings per tenth of the interval: %s", Arrays.toString(buckets))
                        .isLessThan(2 * total / 10);
            }
            LivenessStats stats = manager.stats().liveness().orElseThrow();
            assertThat(stats.timeoutsDetected()).isEqualTo(dead);
            assertThat(stats.connectionsDropped()).isEqualTo(dead);
            assertThat(stats.pongsReceived()).isGreaterThanOrEqualTo(total - dead);
            assertThat(stats.monitored()).isEqualTo((int) (total - dead));
            assertThat(manager.stats().connections()).isEqualTo((int) (total - dead));
            LOG.info("heartbeat: {} connections, {} dead; detection ms p50={} p99={} max={} (bound {} ms);"
                    + " rtt ms avg={} p99={}", total, dead, detection.getValueAtPercentile(50),
                    detection.getValueAtPercentile(99), detection.getMaxValue(), bound.toMillis(),
                    String.format("%.3f", stats.avgPingMillis()), String.format("%.3f", stats.p99PingMillis()));
        }
    }

    @Test
    @DisplayName("a slow-but-alive peer answering before the timeout is a resurrection, not a drop")
    void slowPeerIsResurrected() {
        // Late by 200 ms, past suspectAfter (100 ms) and far before the timeout (1 s): a loaded
        // machine that delays the pong by a few hundred milliseconds more cannot turn it into a drop.
        HeartbeatMonitor monitor = HeartbeatMonitor.create(HeartbeatConfig.builder()
                .interval(Duration.ofMillis(400)).timeout(Duration.ofSeconds(1))
                .suspectAfter(Duration.ofMillis(100)).tick(Duration.ofMillis(10)).build());
        try (WebSocketManager manager = manager(monitor, 10)) {
            SimulatedPeer slow = connect(manager, Behaviour.LATE, Duration.ofMillis(200), 1);
            await("two resurrections").atMost(Duration.ofSeconds(10)).pollInterval(POLL)
                    .until(() -> monitor.stats().resurrections() >= 2 || slow.connection().closeReason().isPresent());
            assertThat(slow.connection().closeReason()).isEmpty();
            assertThat(monitor.stats().timeoutsDetected()).isZero();
        }
    }

    @Test
    @DisplayName("any inbound traffic answers a ping: a chatty peer that never pongs survives")
    void trafficCountsAsLiveness() {
        HeartbeatMonitor monitor = HeartbeatMonitor.create(fast());
        try (WebSocketManager manager = manager(monitor, 10)) {
            SimulatedPeer chatty = connect(manager, Behaviour.SILENT, null, 1);
            SimulatedPeer silent = connect(manager, Behaviour.SILENT, null, 2);
            answers.scheduleAtFixedRate(() -> manager.onText(chatty.connection().id(), "{\"type\":\"ping\"}"),
                    0, 50, TimeUnit.MILLISECONDS);
            await("the silent peer to be closed").atMost(Duration.ofSeconds(5)).pollInterval(POLL)
                    .until(() -> silent.connection().closeReason().isPresent());
            long pingsBefore = chatty.connection().pingNanos().size();
            await("two more pings").atMost(Duration.ofSeconds(5)).pollInterval(POLL)
                    .until(() -> chatty.connection().pingNanos().size() >= pingsBefore + 2);
            assertThat(chatty.connection().closeReason()).isEmpty();
            assertThat(silent.connection().closeReason()).contains(CloseReason.HEARTBEAT_TIMEOUT);
        }
    }

    @Test
    @DisplayName("the monitor's thread starts with the manager and stops with it; one manager each")
    void threadLifecycle() {
        HeartbeatMonitor monitor = HeartbeatMonitor.create(fast());
        WebSocketManager manager = manager(monitor, 10);
        assertThat(heartbeatThreads()).hasSize(1);
        assertThatThrownBy(() -> monitor.onManagerStarted(manager))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("one manager");
        manager.close();
        assertThat(heartbeatThreads()).isEmpty();
    }

    @Test
    @DisplayName("profiles hold the documented values and invalid overrides fail naming the value")
    void profiles() {
        assertThat(HeartbeatConfig.defaults()).isEqualTo(HeartbeatConfig.production())
                .isEqualTo(HeartbeatConfig.builder().build())
                .isEqualTo(HeartbeatConfig.production().toBuilder().build())
                .isNotEqualTo(HeartbeatConfig.staging());
        HeartbeatConfig production = HeartbeatConfig.production();
        assertThat(production.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(production.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(HeartbeatConfig.staging().interval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(HeartbeatConfig.development().timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(HeartbeatConfig.production().toBuilder().interval(Duration.ofSeconds(15)).build().interval())
                .isEqualTo(Duration.ofSeconds(15));
        assertThatThrownBy(() -> HeartbeatConfig.production().toBuilder().timeout(Duration.ofSeconds(2)).build())
                .hasMessageContaining("suspectAfter (PT5S) must be shorter than timeout (PT2S)");
        assertThatThrownBy(() -> HeartbeatConfig.production().toBuilder().interval(Duration.ZERO).build())
                .hasMessage("interval must be positive, was PT0S");
    }

    private static List<Thread> heartbeatThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("switchboard-heartbeat") && thread.isAlive())
                .toList();
    }
}
