package io.switchboard.scaling.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisException;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.ReplayLogException;
import io.switchboard.core.replay.StreamId;
import io.switchboard.scaling.redis.RedisCluster;
import io.switchboard.scaling.redis.RedisClusterConfig;
import io.switchboard.scaling.redis.testing.RedisServerProcess;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The port's lifecycle")
class LifecycleTest {

    private static final Duration POLL = Duration.ofMillis(5);

    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static Set<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).collect(Collectors.toSet());
    }

    @Test
    @DisplayName("close withdraws the instance, stops every thread it started, and is idempotent")
    void closeStopsEverything() {
        long lettuceBefore = threads().stream().filter(name -> name.startsWith("lettuce")).count();
        try (Clusters clusters = new Clusters(redis.uri())) {
            DefaultRedisCluster cluster = clusters.started("life");
            assertThat(threads()).contains("switchboard-redis-life-maintenance",
                    "switchboard-redis-life-inbox");
            assertThat(redis.command("EXISTS", clusters.keys().heartbeat("life")))
                    .isEqualTo(":1\r\n");
            cluster.close();
            cluster.close();
            assertThat(redis.command("EXISTS", clusters.keys().heartbeat("life")))
                    .isEqualTo(":0\r\n");
            await().atMost(Duration.ofSeconds(5)).pollInterval(POLL).untilAsserted(() -> assertThat(
                    threads().stream().noneMatch(name -> name.startsWith("switchboard-redis-life"))
                            && threads().stream().filter(name -> name.startsWith("lettuce"))
                                    .count() <= lettuceBefore).as(() -> "threads left: " + threads()).isTrue());
            assertThatThrownBy(() -> Clusters.append(cluster.log(),
                    StreamId.ofUser(UserId.of("u")), "progress", false))
                    .isInstanceOf(ReplayLogException.class);
        }
    }

    @Test
    @DisplayName("create fails fast, within the command timeout, when Redis cannot be reached")
    void failsFast() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long started = System.nanoTime();
        assertThatThrownBy(() -> RedisCluster.create(RedisClusterConfig.builder()
                .redisUri("redis://127.0.0.1:" + closedPort)
                .commandTimeout(Duration.ofMillis(500)).build()))
                .isInstanceOf(RedisException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
}
