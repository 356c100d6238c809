package io.switchboard.scaling.redis;

import io.switchboard.core.cluster.ClusterPort;
import io.switchboard.scaling.redis.internal.DefaultRedisCluster;

/**
 * The core's cluster port on Redis: one instance's membership in a cluster of managers that act
 * as one. Build one per manager and give it to the manager; it brings the shared replay log with
 * it ({@link ClusterPort#replayLog()}), so the two cannot be wired apart:
 *
 * <pre>{@code
 * RedisCluster cluster = RedisCluster.create(RedisClusterConfig.builder()
 *         .redisUri("redis://10.0.0.5:6379").build());
 * WebSocketManager manager = WebSocketManager.builder().cluster(cluster).build();
 * }</pre>
 *
 * <h2>What it does</h2>
 * <ul>
 *   <li>Numbers every stream in Redis, the only place a seq is assigned: one numbering authority
 *       per stream for the whole cluster. While Redis cannot be reached, stream events are not
 *       stored and the send reports {@code STORE_FAILED} (the emitter retries, then tells its
 *       caller); nothing is numbered twice.</li>
 *   <li>Keeps a registry in Redis of which instance holds which user's connections and which
 *       rooms' members, alive through each instance's heartbeat key.</li>
 *   <li>Routes by the registry: an event for a user or thread goes to the instances holding the
 *       user's connections only, chosen in the same script that stores it; a room send to the
 *       instances holding members. Routing is an optimisation: a receiving instance that sees a
 *       gap reads the log, and checks its streams against the log after anything that may have
 *       lost frames.</li>
 *   <li>Enforces {@link RedisClusterConfig#maxConnectionsPerUser()} across the cluster without
 *       ever evicting a live connection for one that died with its instance.</li>
 *   <li>Works on standalone Redis, a Sentinel-managed primary and Redis Cluster: every key is
 *       hash-tagged so that each script touches one slot.</li>
 * </ul>
 * The module's README describes keys, scripts and the behaviour in every failure.
 *
 * <h2>Lifecycle and threading</h2>
 * {@link #create} connects to Redis (failing fast if it cannot) but joins nothing; the manager
 * calls {@link #start} once, which registers the instance and starts three daemon threads
 * ({@code switchboard-redis-<id>-maintenance}, {@code -events}, {@code -inbox}) besides Lettuce's
 * own; {@link #close()} withdraws the instance's entries, stops them and closes the connections.
 * After {@code close()} the port forwards nothing and the log fails every call. Every method is
 * thread-safe. Registry updates never block; forwards of room, broadcast and single-connection
 * frames wait (at most {@link RedisClusterConfig#commandTimeout()}) for Redis to take them, so that
 * their outcome reports what failed; the log's methods block for at most about the command timeout.
 */
public interface RedisCluster extends ClusterPort {

    /**
     * Connects to Redis and prepares this instance; nothing is registered before {@link #start}.
     *
     * @param config the configuration
     * @return the cluster port
     * @throws io.lettuce.core.RedisException if Redis cannot be reached within the command timeout
     */
    static RedisCluster create(RedisClusterConfig config) {
        return DefaultRedisCluster.create(config);
    }

    /**
     * This instance's id in the registry.
     *
     * @return the id
     */
    String instanceId();

    /**
     * Whether Redis answered the last command. While it does not, stream events cannot be stored
     * (their sends report {@code STORE_FAILED}) and frames cannot reach other instances (their
     * sends report the instances in {@code failedRemote}); local rooms and broadcasts still work.
     *
     * @return {@code true} while Redis is reachable
     */
    boolean redisAvailable();
}
