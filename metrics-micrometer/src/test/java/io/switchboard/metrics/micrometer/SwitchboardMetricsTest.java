package io.switchboard.metrics.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.ManagerConfig;
import io.switchboard.core.ManagerStats;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.event.AgentStarted;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.heartbeat.HeartbeatConfig;
import io.switchboard.heartbeat.HeartbeatMonitor;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SwitchboardMetrics")
class SwitchboardMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WebSocketManager manager = WebSocketManager.builder()
            .config(ManagerConfig.builder().maxConnectionsPerUser(2).maxConnections(4).build())
            .addObserver(HeartbeatMonitor.create(HeartbeatConfig.builder()
                    .interval(Duration.ofMillis(100)).timeout(Duration.ofSeconds(5))
                    .suspectAfter(Duration.ofSeconds(2)).tick(Duration.ofMillis(20)).build()))
            .build();

    @AfterEach
    void close() {
        manager.close();
        registry.close();
    }

    @Test
    @DisplayName("reads connections, limits, sends, errors and rooms from the manager's own counters")
    void mirrorsTheManager() {
        SwitchboardMetrics.builder(manager).snapshotMaxAge(Duration.ZERO).build().bindTo(registry);
        FakeConnection[] alice = {connect("alice"), connect("alice"), connect("alice")};
        connect("bob");
        connect("bob");
        FakeConnection refused = connect("carol");
        manager.sendToUser(UserId.of("alice"), new AgentStarted("agent"));
        manager.sendToUser(UserId.of("nobody"), new AgentStarted("agent"));
        manager.onText(alice[2].id(), "{not json");
        manager.joinRoom(alice[2].id(), RoomName.of("lobby"));

        assertThat(alice[0].closeReason()).isPresent();
        assertThat(refused.closeReason()).isPresent();
        assertThat(gauge("switchboard.connections")).isEqualTo(4);
        assertThat(gauge("switchboard.users")).isEqualTo(2);
        assertThat(gauge("switchboard.rooms")).isEqualTo(1);
        assertThat(counter("switchboard.evictions")).isEqualTo(1);
        assertThat(counter("switchboard.refusals", "reason", "total_limit")).isEqualTo(1);
        assertThat(counter("switchboard.refusals", "reason", "shutting_down")).isZero();
        assertThat(counter("switchboard.sends", "status", "queued")).isEqualTo(1);
        assertThat(counter("switchboard.sends", "status", "stored")).isEqualTo(1);
        assertThat(counter("switchboard.inbound.errors", "code", "malformed_json")).isEqualTo(1);
        assertThat(counter("switchboard.inbound.errors", "code", "other")).isZero();

        ManagerStats stats = manager.stats();
        assertThat(counter("switchboard.frames.queued")).isEqualTo(stats.framesQueued());
        await(() -> counter("switchboard.frames.written") == manager.stats().framesWritten()
                && manager.stats().queuedFrames() == 0);
        assertThat(counter("switchboard.frames.written"))
                .isGreaterThanOrEqualTo(alice.length + 2 + 1);
    }

    @Test
    @DisplayName("counts the frames the inbound rate limit drops")
    void rateLimit() {
        SwitchboardMetrics.builder(manager).snapshotMaxAge(Duration.ZERO).build().bindTo(registry);
        // Answering no pings: a pong is a client frame too, and one the heartbeat drew after the
        // flood would be counted between the two reads below.
        FakeConnection flood = FakeConnection.builder().build();
        assertThat(manager.connect(UserId.of("mallory"), flood).accepted()).isTrue();
        for (int i = 0; i < 300; i++) {
            manager.onText(flood.id(), "{\"type\":\"ping\"}");
        }
        assertThat(counter("switchboard.inbound.rate.limited"))
                .isPositive().isEqualTo(manager.stats().rateLimitedFrames());
        assertThat(counter("switchboard.inbound.rate.limit.closes"))
                .isEqualTo(manager.stats().rateLimitCloses());
    }

    @Test
    @DisplayName("reports the heartbeat's pings, pongs and round-trip times in seconds")
    void heartbeat() {
        SwitchboardMetrics.builder(manager).snapshotMaxAge(Duration.ZERO).build().bindTo(registry);
        connect("alice");
        await(() -> counter("switchboard.heartbeat.pongs") >= 2);
        assertThat(counter("switchboard.heartbeat.pings"))
                .isGreaterThanOrEqualTo(counter("switchboard.heartbeat.pongs"));
        assertThat(gauge("switchboard.heartbeat.monitored")).isEqualTo(1);
        assertThat(gauge("switchboard.heartbeat.rtt.max")).isBetween(0.0, 5.0);
        Meter rtt = registry.find("switchboard.heartbeat.rtt.max").meter();
        assertThat(rtt.getId().getBaseUnit()).isEqualTo("seconds");
        assertThat(registry.get("switchboard.heartbeat.pings").functionCounter().getId().getBaseUnit())
                .isNull();
        assertThat(counter("switchboard.heartbeat.timeouts")).isZero();
    }

    @Test
    @DisplayName("binds no cluster meter for a single instance, and tags every meter")
    void tagsAndOptionalMeters() {
        SwitchboardMetrics.builder(manager).tags(Tags.of("app", "chat")).build().bindTo(registry);
        assertThat(registry.find("switchboard.cluster.instances").meter()).isNull();
        assertThat(registry.getMeters()).hasSizeGreaterThan(40)
                .allSatisfy(meter -> assertThat(meter.getId().getTag("app")).isEqualTo("chat"));
        assertThat(registry.getMeters()).allSatisfy(meter ->
                assertThat(meter.getId().getName()).startsWith("switchboard."));
    }

    @Test
    @DisplayName("shares one snapshot between reads within the snapshot age")
    void snapshotAge() {
        SwitchboardMetrics.builder(manager).snapshotMaxAge(Duration.ofHours(1)).build()
                .bindTo(registry);
        assertThat(gauge("switchboard.connections")).isZero();
        connect("alice");
        assertThat(manager.stats().connections()).isEqualTo(1);
        assertThat(gauge("switchboard.connections")).isZero();

        SimpleMeterRegistry fresh = new SimpleMeterRegistry();
        SwitchboardMetrics.builder(manager).snapshotMaxAge(Duration.ZERO).build().bindTo(fresh);
        assertThat(fresh.get("switchboard.connections").gauge().value()).isEqualTo(1);
        fresh.close();
    }

    @Test
    @DisplayName("refuses a negative snapshot age, naming it")
    void validation() {
        assertThatThrownBy(() -> SwitchboardMetrics.builder(manager)
                .snapshotMaxAge(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("snapshotMaxAge").hasMessageContaining("PT-1S");
    }

    private FakeConnection connect(String user) {
        FakeConnection connection = FakeConnection.answeringPings(manager);
        manager.connect(UserId.of(user), connection);
        return connection;
    }

    private double gauge(String name) {
        Gauge gauge = registry.get(name).gauge();
        return gauge.value();
    }

    private double counter(String name, String... tags) {
        FunctionCounter counter = registry.get(name).tags(tags).functionCounter();
        return counter.count();
    }

    private static void await(BooleanSupplier condition) {
        org.awaitility.Awaitility.await("the condition").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10)).until(condition::getAsBoolean);
    }
}
