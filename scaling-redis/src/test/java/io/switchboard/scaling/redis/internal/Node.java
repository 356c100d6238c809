package io.switchboard.scaling.redis.internal;

import io.switchboard.core.ManagerConfig;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.scaling.redis.RedisClusterConfig;
import java.util.List;
import java.util.function.Consumer;

/** One instance of a test cluster: a manager wired to a Redis cluster port and its log. */
final class Node implements AutoCloseable {

    final DefaultRedisCluster cluster;
    final WebSocketManager manager;

    Node(Clusters clusters, String id, Consumer<RedisClusterConfig.Builder> tweak) {
        this.cluster = clusters.create(id, tweak);
        this.manager = WebSocketManager.builder()
                .config(ManagerConfig.builder().maxConnectionsPerUser(10).maxConnections(1000)
                        .build())
                .cluster(cluster)
                .build();
    }

    Node(Clusters clusters, String id) {
        this(clusters, id, builder -> { });
    }

    FakeConnection connect(String user, String connection) {
        FakeConnection tab = FakeConnection.builder().id(connection).build();
        manager.connect(UserId.of(user), tab, List.of());
        return tab;
    }

    @Override
    public void close() {
        manager.close();
    }
}
