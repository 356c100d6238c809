package io.switchboard.scaling.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RedisClusterConfig")
class RedisClusterConfigTest {

    @Test
    @DisplayName("has the documented defaults")
    void defaults() {
        RedisClusterConfig config = RedisClusterConfig.builder().build();
        assertThat(config.redisUri()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(config.instanceId()).startsWith("i-");
        assertThat(config.keyPrefix()).isEqualTo("switchboard");
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.instanceTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.commandTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.reconnectDelayMax()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.maxConnectionsPerUser()).isEqualTo(3);
        assertThat(config.maxEventsPerStream()).isEqualTo(1000);
        assertThat(config.maxEventAge()).isEqualTo(Duration.ofSeconds(180));
        assertThat(config.topology()).isEqualTo(RedisClusterConfig.Topology.STANDALONE);
        assertThat(config.inboxMaxLength()).isEqualTo(100_000);
        assertThat(config.maxQueuedCommands()).isEqualTo(10_000);
        assertThat(RedisClusterConfig.builder().build().instanceId())
                .as("a new id per instance").isNotEqualTo(config.instanceId());
        assertThat(config.toBuilder().build()).as("toBuilder keeps every value, the id too")
                .isEqualTo(config).hasSameHashCodeAs(config).hasToString(config.toString());
        assertThat(config.toBuilder().keyPrefix("other").build()).isNotEqualTo(config)
                .extracting(RedisClusterConfig::instanceId).isEqualTo(config.instanceId());
    }

    @Test
    @DisplayName("refuses invalid values, naming the setting and the value")
    void invalid() {
        assertThatThrownBy(() -> RedisClusterConfig.builder().redisUri("http://x").build())
                .hasMessageContaining("redisUri").hasMessageContaining("http://x");
        assertThatThrownBy(() -> RedisClusterConfig.builder().instanceId("a|b").build())
                .hasMessageContaining("instanceId").hasMessageContaining("a|b");
        assertThatThrownBy(() -> RedisClusterConfig.builder().keyPrefix("").build())
                .hasMessageContaining("keyPrefix");
        assertThatThrownBy(() -> RedisClusterConfig.builder().commandTimeout(Duration.ZERO).build())
                .hasMessageContaining("commandTimeout").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> RedisClusterConfig.builder().heartbeatInterval(Duration.ofSeconds(2))
                .instanceTtl(Duration.ofSeconds(3)).build())
                .hasMessageContaining("instanceTtl").hasMessageContaining("PT3S");
        assertThatThrownBy(() -> RedisClusterConfig.builder().maxConnectionsPerUser(-1).build())
                .hasMessageContaining("maxConnectionsPerUser").hasMessageContaining("-1");
        assertThatThrownBy(() -> RedisClusterConfig.builder().maxEventsPerStream(0).build())
                .hasMessageContaining("maxEventsPerStream").hasMessageContaining("0");
    }

    @Test
    @DisplayName("takes one server or a Sentinel URI standalone, seed nodes for a Redis Cluster")
    void topologies() {
        assertThat(RedisClusterConfig.builder().redisUri("redis-sentinel://s1:26379,s2:26379#main")
                .build().topology()).isEqualTo(RedisClusterConfig.Topology.STANDALONE);
        assertThat(RedisClusterConfig.builder().topology(RedisClusterConfig.Topology.CLUSTER)
                .redisUri("redis://n1:6379, redis://n2:6379").build().redisUri())
                .isEqualTo("redis://n1:6379, redis://n2:6379");
        assertThatThrownBy(() -> RedisClusterConfig.builder()
                .topology(RedisClusterConfig.Topology.CLUSTER)
                .redisUri("redis-sentinel://s1:26379#main").build())
                .hasMessageContaining("redisUri").hasMessageContaining("CLUSTER");
        assertThatThrownBy(() -> RedisClusterConfig.builder()
                .topology(RedisClusterConfig.Topology.CLUSTER)
                .redisUri("redis://n1:6379,n2:6379").build())
                .hasMessageContaining("redisUri").hasMessageContaining("n2:6379");
    }
}
