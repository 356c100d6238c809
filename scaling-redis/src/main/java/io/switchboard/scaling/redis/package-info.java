/**
 * Switchboard on Redis: {@link io.switchboard.scaling.redis.RedisCluster}, the core's cluster
 * port, and its replay log on Redis Streams, so that many instances act as one manager. Configure
 * with {@link io.switchboard.scaling.redis.RedisClusterConfig}. Depends on {@code manager-core}
 * and {@code lettuce-core} only.
 */
package io.switchboard.scaling.redis;
