package io.switchboard.scaling.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.core.CloseReason;
import io.switchboard.core.SendOutcome;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.scaling.redis.testing.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cluster-wide limits and instance expiry")
class LimitsAndExpiryTest {

    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(5);
    private static RedisServerProcess redis;
    private Clusters clusters;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void createClusters() {
        clusters = new Clusters(redis.uri());
    }

    private Keys keys() {
        return clusters.keys();
    }

    private void awaitRegistered(String user, int connections) {
        await().atMost(WITHIN).pollInterval(POLL).untilAsserted(() -> assertThat(
                redis.command("ZCARD", keys().userConnections(UserId.of(user))).equals(":" + connections + "\r\n"))
                .as(() -> user + " has " + connections + " registered connections").isTrue());
    }

    @Test
    @DisplayName("the per-user limit holds across instances: the oldest tab is evicted where it lives")
    void perUserLimitAcrossInstances() {
        try (Node a = new Node(clusters, "a", config -> config.maxConnectionsPerUser(2));
                Node b = new Node(clusters, "b", config -> config.maxConnectionsPerUser(2));
                Node c = new Node(clusters, "c", config -> config.maxConnectionsPerUser(2))) {
            FakeConnection first = a.connect("u", "u-1");
            awaitRegistered("u", 1);
            FakeConnection second = b.connect("u", "u-2");
            awaitRegistered("u", 2);
            FakeConnection third = c.connect("u", "u-3");
            await("the oldest tab, on another instance, is evicted").atMost(WITHIN).pollInterval(POLL)
                    .until(() -> first.closeReason().isPresent());
            assertThat(first.closeReason()).contains(CloseReason.EVICTED);
            awaitRegistered("u", 2);
            assertThat(second.isOpen()).isTrue();
            assertThat(third.isOpen()).isTrue();
            await("a no longer holds the evicted tab").atMost(WITHIN).pollInterval(POLL)
                    .until(() -> a.manager.stats().connections() == 0);

            // The next one evicts the oldest again: now on b.
            FakeConnection fourth = a.connect("u", "u-4");
            await("u-2 is evicted").atMost(WITHIN).pollInterval(POLL).until(() -> second.closeReason().isPresent());
            assertThat(second.closeReason()).contains(CloseReason.EVICTED);
            assertThat(third.isOpen()).isTrue();
            assertThat(fourth.isOpen()).isTrue();
            awaitRegistered("u", 2);
        }
    }

    @Test
    @DisplayName("a connection of an instance that just died never costs a live one its place")
    void deadInstanceNeverEvictsALiveTab() {
        try (Node a = new Node(clusters, "a", config -> config.maxConnectionsPerUser(2));
                Node b = new Node(clusters, "b", config -> config.maxConnectionsPerUser(2))) {
            // "ghost" held the user's oldest tab and died just now: its heartbeat key still has
            // its whole lifetime ahead, but it is not renewed any more.
            redis.command("SET", keys().heartbeat("ghost"), "1", "PX", "3000");
            redis.command("SADD", keys().instances(), "ghost");
            redis.command("ZADD", keys().userConnections(UserId.of("u")), "1", "ghost|g-1");
            redis.command("HSET", keys().instanceConnections("ghost"), "g-1", "u");
            FakeConnection first = a.connect("u", "u-1");
            awaitRegistered("u", 2);
            // The ghost's tab reconnects here: three registered, two alive.
            FakeConnection moved = b.connect("u", "u-2");
            awaitRegistered("u", 3);
            await("the ghost is cleaned up").atMost(WITHIN).pollInterval(POLL).until(() -> redis.command("ZCARD",
                    keys().userConnections(UserId.of("u"))).equals(":2\r\n")
                    && redis.command("EXISTS", keys().heartbeat("ghost")).equals(":0\r\n"));
            assertThat(first.closeReason()).as("no live tab evicted").isEmpty();
            assertThat(moved.closeReason()).isEmpty();
            assertThat(a.manager.stats().evictions() + b.manager.stats().evictions()).isZero();
        }
    }

    @Test
    @DisplayName("an instance evicts its own oldest tab when the newest arrives elsewhere")
    void localEvictionByTheCluster() {
        try (Node a = new Node(clusters, "a", config -> config.maxConnectionsPerUser(2));
                Node b = new Node(clusters, "b", config -> config.maxConnectionsPerUser(2))) {
            FakeConnection first = a.connect("u", "u-1");
            awaitRegistered("u", 1);
            FakeConnection second = a.connect("u", "u-2");
            awaitRegistered("u", 2);
            b.connect("u", "u-3");
            await("u-1 is evicted").atMost(WITHIN).pollInterval(POLL).until(() -> first.closeReason().isPresent());
            assertThat(first.closeReason()).contains(CloseReason.EVICTED);
            assertThat(second.isOpen()).isTrue();
        }
    }

    @Test
    @DisplayName("an instance whose heartbeat expires is no longer routed to, and its entries go")
    void expiredInstance() {
        try (Node a = new Node(clusters, "a", config -> config.maxConnectionsPerUser(1))) {
            // A crashed instance "ghost": registry entries, and a heartbeat key about to expire.
            redis.command("SET", keys().heartbeat("ghost"), "1", "PX", "600");
            redis.command("SADD", keys().instances(), "ghost");
            redis.command("ZADD", keys().userConnections(UserId.of("u")), "1", "ghost|g-1");
            redis.command("HSET", keys().instanceConnections("ghost"), "g-1", "u");
            redis.command("SET", keys().connectionOwner(ConnectionId.of("g-1")), "ghost|u");
            redis.command("SADD", keys().users(), "u");
            redis.command("SADD", keys().room("lobby"), "ghost");
            redis.command("SADD", keys().instanceRooms("ghost"), "lobby");

            SendOutcome whileAlive = a.manager.sendToUser(UserId.of("u"),
                    ApplicationEvent.of("progress", Map.of("n", 1)));
            assertThat(whileAlive.forwardedInstances()).isEqualTo(1);

            await("the ghost's heartbeat expires").atMost(WITHIN).pollInterval(POLL)
                    .until(() -> redis.command("EXISTS", keys().heartbeat("ghost")).equals(":0\r\n"));
            await("a survivor removes the ghost's entries").atMost(WITHIN).pollInterval(POLL).until(() ->
                    redis.command("SISMEMBER", keys().instances(), "ghost").equals(":0\r\n")
                            && redis.command("EXISTS", keys().userConnections(UserId.of("u")))
                                    .equals(":0\r\n")
                            && redis.command("EXISTS", keys().instanceConnections("ghost"))
                                    .equals(":0\r\n")
                            && redis.command("EXISTS", keys().connectionOwner(
                                    ConnectionId.of("g-1"))).equals(":0\r\n")
                            && redis.command("SISMEMBER", keys().room("lobby"), "ghost")
                                    .equals(":0\r\n")
                            && redis.command("SISMEMBER", keys().users(), "u").equals(":0\r\n"));
            SendOutcome afterExpiry = a.manager.sendToUser(UserId.of("u"),
                    ApplicationEvent.of("progress", Map.of("n", 2)));
            assertThat(afterExpiry.forwardedInstances()).isZero();
            // The dead tab does not count against the limit of one.
            FakeConnection tab = a.connect("u", "u-1");
            awaitRegistered("u", 1);
            assertThat(tab.isOpen()).isTrue();
            assertThat(a.manager.stats().cluster()).hasValueSatisfying(stats -> {
                assertThat(stats.instances()).isEqualTo(1);
                assertThat(stats.users()).isLessThanOrEqualTo(1);
            });
        }
    }

    @Test
    @DisplayName("an instance that leaves withdraws its entries at once")
    void gracefulLeave() {
        Node a = new Node(clusters, "a");
        try (Node b = new Node(clusters, "b")) {
            a.connect("u", "u-1");
            awaitRegistered("u", 1);
            a.close();
            await("a's entries are gone").atMost(WITHIN).pollInterval(POLL).until(() ->
                    redis.command("EXISTS", keys().userConnections(UserId.of("u"))).equals(":0\r\n")
                            && redis.command("EXISTS", keys().heartbeat("a")).equals(":0\r\n")
                            && redis.command("SISMEMBER", keys().instances(), "a").equals(":0\r\n"));
            await("b sees one instance").atMost(WITHIN).pollInterval(POLL).until(() -> b.manager.stats().cluster()
                    .map(stats -> stats.instances() == 1).orElse(false));
            assertThat(b.manager.sendToUser(UserId.of("u"),
                    ApplicationEvent.of("progress", Map.of("n", 1))).forwardedInstances()).isZero();
        }
        assertThat(List.of(redis.command("EXISTS", keys().heartbeat("b")))).containsExactly(":0\r\n");
    }
}
