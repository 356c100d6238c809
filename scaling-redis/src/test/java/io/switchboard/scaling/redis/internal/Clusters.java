package io.switchboard.scaling.redis.internal;

import io.switchboard.core.CloseReason;
import io.switchboard.core.cluster.ClusterListener;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.scaling.redis.RedisCluster;
import io.switchboard.scaling.redis.RedisClusterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** Creates cluster ports for a test against one Redis, and closes them all. */
final class Clusters implements AutoCloseable {

    /** A listener for ports used without a manager: nothing is local. */
    static final ClusterListener NOBODY = new ClusterListener() {
        @Override
        public int deliverLocally(Target target, TextFrame frame) {
            return 0;
        }

        @Override
        public boolean closeLocally(ConnectionId connection, CloseReason reason) {
            return false;
        }

        @Override
        public void verifyStreams() {
            // Nothing is local.
        }
    };

    private final String uri;
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
    private final List<RedisCluster> open = new ArrayList<>();

    Clusters(String uri) {
        this.uri = uri;
    }

    String prefix() {
        return prefix;
    }

    /** The names of this test's keys. */
    Keys keys() {
        return new Keys(prefix);
    }

    /** Fast timings for tests; {@code tweak} may change them. */
    RedisClusterConfig.Builder config(String id) {
        return RedisClusterConfig.builder()
                .redisUri(uri)
                .keyPrefix(prefix)
                .instanceId(id)
                .heartbeatInterval(Duration.ofMillis(200))
                .instanceTtl(Duration.ofSeconds(3))
                .commandTimeout(Duration.ofMillis(500))
                .reconnectDelayMax(Duration.ofMillis(200));
    }

    /** A port, not started. */
    DefaultRedisCluster create(String id, Consumer<RedisClusterConfig.Builder> tweak) {
        RedisClusterConfig.Builder builder = config(id);
        tweak.accept(builder);
        DefaultRedisCluster cluster = (DefaultRedisCluster) RedisCluster.create(builder.build());
        open.add(cluster);
        return cluster;
    }

    /** A port started without a manager. */
    DefaultRedisCluster started(String id, Consumer<RedisClusterConfig.Builder> tweak) {
        DefaultRedisCluster cluster = create(id, tweak);
        cluster.start(NOBODY);
        return cluster;
    }

    DefaultRedisCluster started(String id) {
        return started(id, builder -> { });
    }

    /** Appends a small event whose frame names its position. */
    static StoredEvent append(ReplayLog log, StreamId stream, String type, boolean lifecycle) {
        return log.append(stream, type, Optional.empty(), lifecycle, (seq, epoch) ->
                TextFrame.of("{\"type\":\"" + type + "\",\"seq\":" + seq + ",\"epoch\":\"" + epoch
                        + "\"}"));
    }

    @Override
    public void close() {
        open.forEach(RedisCluster::close);
    }
}
