package io.switchboard.spring.boot;

import io.switchboard.core.cluster.ClusterPort;
import io.switchboard.scaling.redis.RedisCluster;
import io.switchboard.scaling.redis.RedisClusterConfig;

/** Builds the Redis cluster port from the properties. Loaded only when the module is present. */
final class RedisWiring {

    private RedisWiring() {
    }

    static ClusterPort cluster(SwitchboardProperties properties) {
        SwitchboardProperties.Redis redis = properties.getRedis();
        RedisClusterConfig.Builder config = RedisClusterConfig.builder()
                .redisUri(redis.getUrl())
                .keyPrefix(redis.getKeyPrefix())
                // One per-user limit, enforced across the cluster.
                .maxConnectionsPerUser(properties.getManager().getMaxConnectionsPerUser());
        if (redis.getInstanceId() != null) {
            config.instanceId(redis.getInstanceId());
        }
        return RedisCluster.create(config.build());
    }
}
