package io.switchboard.spring.boot;

import io.switchboard.core.cluster.ClusterPort;
import org.springframework.util.ClassUtils;

/**
 * The Redis cluster port for {@code switchboard.redis.url}, or a clear failure when the Redis
 * module is missing: a URL that silently left the instance alone would split the cluster. The
 * module's classes are touched only by {@link RedisWiring}, loaded after the check.
 */
final class RedisClusters {

    private static final String CLUSTER = "io.switchboard.scaling.redis.RedisCluster";

    private RedisClusters() {
    }

    static ClusterPort create(SwitchboardProperties properties) {
        if (!ClassUtils.isPresent(CLUSTER, RedisClusters.class.getClassLoader())) {
            throw new IllegalStateException("switchboard.redis.url is set but"
                    + " io.switchboard:scaling-redis is not on the class path");
        }
        return RedisWiring.cluster(properties);
    }
}
