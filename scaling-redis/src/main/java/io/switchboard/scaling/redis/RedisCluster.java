package io.switchboard.scaling.redis;

import io.switchboard.core.cluster.ClusterPort;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.scaling.redis.internal.DefaultRedisCluster;

/**
 * The core's cluster port on Redis: one instance's membership in a cluster of managers that act
 * as one. Build one per manager and hand both it and its {@link #replayLog()} to the manager:
 *
 * <pre>{@code
 * RedisCluster cluster = RedisCluster.create(RedisClusterConfig.builder()
 *         .redisUri("redis://10.0.0.5:6379").build());
 * WebSocketManager manager = WebSocketManager.builder()
 *         .cluster(cluster)
 *         .replayLog(cluster.replayLog())
 *         .build();
 * }</pre>
 *
 * <h2>What it does</h2>
 * <ul>
 *   <li>Keeps a registry in Redis of which instance holds which user's connections and which
 *       rooms' members, alive through each instance's heartbeat key. Entries of an instance whose
 *       heartbeat expired are ignored at once and removed by the survivors.</li>
 *   <li>Routes by the registry: an event for a user or thread goes to the instances holding the
 *       user's connections only, decided in the same Lua script that appends it to the shared log;
 *       a room send goes to the instances holding members; a broadcast is one publish.</li>
 *   <li>Enforces {@link RedisClusterConfig#maxConnectionsPerUser()} across the cluster: the
 *       oldest connection is evicted wherever it lives.</li>
 *   <li>Keeps the shared {@link #replayLog()}, so a client resumes on any instance.</li>
 * </ul>
 * The module's README describes keys, scripts and the behaviour in every failure.
 *
 * <h2>Lifecycle and threading</h2>
 * {@link #create} connects to Redis (failing fast if it cannot) but joins nothing; the manager
 * calls {@link #start} once, which registers the instance and starts three daemon threads
 * ({@code switchboard-redis-<id>-maintenance}, {@code -events}, {@code -inbox}) besides Lettuce's
 * own; {@link #close()} withdraws the instance's entries, stops them and closes the connections.
 * After {@code close()} the port forwards nothing and the log fails every call. Every method is
 * thread-safe. The {@code ClusterPort} methods never block on Redis; the log's methods block for
 * at most about {@link RedisClusterConfig#commandTimeout()} per attempt.
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
     * The replay log on Redis Streams that this port routes with. Give it to the same manager:
     * appending an event and choosing the instances that receive it are one atomic step. Its
     * {@code close()} does nothing; the port's {@link #close()} releases the shared connections.
     *
     * @return the shared log
     */
    ReplayLog replayLog();

    /**
     * This instance's id in the registry.
     *
     * @return the id
     */
    String instanceId();

    /**
     * Whether Redis answered the last command. While it does not, events are numbered in a local
     * fallback epoch and delivered to this instance's clients; they move into the shared log when
     * Redis is back (see the README).
     *
     * @return {@code true} while Redis is reachable
     */
    boolean redisAvailable();
}
