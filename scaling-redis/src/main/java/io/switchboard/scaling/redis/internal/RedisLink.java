package io.switchboard.scaling.redis.internal;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.switchboard.scaling.redis.RedisClusterConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lettuce side: one command connection (pipelined, shared by every caller, so commands to one
 * node run in the order they were issued), one connection for the inbox's blocking reads, and
 * whether Redis answers. Standalone and Sentinel use {@link RedisClient}; Redis Cluster uses
 * {@link RedisClusterClient}, which routes each command (each script, by its keys) to the node
 * holding its slot and follows failovers and slot moves (adaptive and periodic topology refresh).
 *
 * <p>Every command is bounded: Lettuce times it out after the command timeout (the blocking
 * connection after its block time plus that), and while a connection is down new commands are
 * rejected at once rather than queued. Lettuce reconnects with exponential backoff up to the
 * configured maximum.
 */
final class RedisLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);

    /** How long one blocking inbox read waits for new messages. */
    static final Duration INBOX_BLOCK = Duration.ofMillis(500);

    final Scripts scripts = new Scripts();
    private final Duration timeout;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final AbstractRedisClient blockingClient;
    private final StatefulConnection<String, String> connection;
    private final StatefulConnection<String, String> blocking;
    private final RedisClusterAsyncCommands<String, String> commands;
    private final RedisClusterAsyncCommands<String, String> blockingCommands;
    private final AtomicBoolean available = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean closing;
    // Redis's clock minus ours, in milliseconds; deadlines in scripts are on Redis's clock.
    private volatile long clockOffsetMillis;

    RedisLink(RedisClusterConfig config) {
        this.timeout = config.commandTimeout();
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), config.reconnectDelayMax(),
                        2, TimeUnit.MILLISECONDS))
                .build();
        boolean cluster = config.topology() == RedisClusterConfig.Topology.CLUSTER;
        List<RedisURI> uris = Arrays.stream(config.redisUri().split(cluster ? "," : "\n"))
                .map(String::trim).map(RedisURI::create).toList();
        uris.forEach(uri -> uri.setTimeout(timeout));
        AbstractRedisClient main = null;
        AbstractRedisClient second = null;
        try {
            if (cluster) {
                RedisClusterClient commandsClient = RedisClusterClient.create(resources, uris);
                commandsClient.setOptions(clusterOptions(config, timeout));
                main = commandsClient;
                RedisClusterClient blockingOnes = RedisClusterClient.create(resources, uris);
                blockingOnes.setOptions(clusterOptions(config, timeout.plus(INBOX_BLOCK)));
                second = blockingOnes;
                StatefulRedisClusterConnection<String, String> c = commandsClient.connect();
                this.connection = c;
                this.commands = c.async();
                StatefulRedisClusterConnection<String, String> b = blockingOnes.connect();
                this.blocking = b;
                this.blockingCommands = b.async();
            } else {
                RedisClient commandsClient = RedisClient.create(resources, uris.get(0));
                commandsClient.setOptions(options(config, timeout));
                main = commandsClient;
                RedisClient blockingOnes = RedisClient.create(resources, uris.get(0));
                blockingOnes.setOptions(options(config, timeout.plus(INBOX_BLOCK)));
                second = blockingOnes;
                StatefulRedisConnection<String, String> c = commandsClient.connect();
                this.connection = c;
                this.commands = c.async();
                StatefulRedisConnection<String, String> b = blockingOnes.connect();
                this.blocking = b;
                this.blockingCommands = b.async();
            }
        } catch (RuntimeException e) {
            shutdown(main, second);
            throw e;
        }
        this.client = main;
        this.blockingClient = second;
    }

    // A standalone connection refuses commands while it is down, so that they fail fast; a
    // cluster's node connections are opened on first use and reopened after a failover, so their
    // commands wait for them, each bounded by its timeout.
    private static ClientOptions options(RedisClusterConfig config, Duration commandTimeout) {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(config.topology() == RedisClusterConfig.Topology.CLUSTER
                        ? ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS
                        : ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(config.maxQueuedCommands())
                .pingBeforeActivateConnection(true)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(config.commandTimeout())
                        .keepAlive(true).build())
                .build();
    }

    // Follows failovers and slot moves: at once when a command is redirected or a node keeps
    // refusing connections, and every heartbeat interval in any case. Lettuce 7 deprecates the
    // adaptive triggers without a replacement yet; they are what makes a failover quick.
    @SuppressWarnings("deprecation")
    private static ClusterClientOptions clusterOptions(RedisClusterConfig config,
            Duration commandTimeout) {
        return ClusterClientOptions.builder(options(config, commandTimeout))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(config.heartbeatInterval())
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofMillis(200))
                        .refreshTriggersReconnectAttempts(2)
                        .closeStaleConnections(true)
                        .build())
                .build();
    }

    /** The shared command connection's commands (routed by key on a Redis Cluster). */
    RedisClusterAsyncCommands<String, String> async() {
        return commands;
    }

    /** The connection for blocking reads, never shared with other commands. */
    RedisClusterAsyncCommands<String, String> blocking() {
        return blockingCommands;
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * Issues a command without waiting; a command Lettuce refuses at once (a full request queue)
     * completes exceptionally instead of throwing.
     */
    <T> CompletionStage<T> send(Function<RedisClusterAsyncCommands<String, String>,
            ? extends CompletionStage<T>> command) {
        try {
            return command.apply(commands);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** Runs a script without waiting. */
    <T> CompletionStage<T> script(Scripts.Script script, ScriptOutputType type, String[] keys,
            String... args) {
        return scripts.run(commands, script, type, keys, args);
    }

    /**
     * Waits for a command issued on this link. Lettuce completes it within the command timeout;
     * the extra second only guards against a bug there.
     *
     * @throws RedisException if the command failed or timed out; Redis is then marked unavailable
     */
    <T> T await(CompletionStage<T> stage) {
        return await(stage, timeout.toMillis() + 1000);
    }

    /** Waits for a command on the blocking connection (its block time plus the timeout). */
    <T> T awaitBlocking(CompletionStage<T> stage) {
        return await(stage, timeout.plus(INBOX_BLOCK).toMillis() + 1000);
    }

    private <T> T await(CompletionStage<T> stage, long millis) {
        try {
            return stage.toCompletableFuture().get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while waiting for Redis", e);
        } catch (ExecutionException e) {
            RedisException failure = e.getCause() instanceof RedisException redis ? redis
                    : new RedisException(String.valueOf(e.getCause()), e.getCause());
            failed(failure);
            throw failure;
        } catch (TimeoutException e) {
            RedisException failure = new RedisException("Redis did not answer within " + timeout, e);
            failed(failure);
            throw failure;
        }
    }

    /** The present time on Redis's clock, as far as this instance knows it. */
    long redisNowMillis() {
        return System.currentTimeMillis() + clockOffsetMillis;
    }

    /**
     * The Redis time after which a command issued now must no longer take effect: shortly before
     * its caller stops waiting, so that a command Lettuce re-sends after a reconnect, or Redis runs
     * after a pause, is dropped by its script instead of applied after its caller gave up; a pause
     * shorter than that changes nothing.
     */
    long deadlineMillis() {
        long millis = timeout.toMillis();
        return redisNowMillis() + millis - Math.min(100, millis / 5);
    }

    void clockSample(long redisMillis, long sentAtMillis, long receivedAtMillis) {
        clockOffsetMillis = redisMillis - (sentAtMillis + receivedAtMillis) / 2;
    }

    boolean available() {
        return available.get() && !closed.get();
    }

    /** Records a failed command; answers whether Redis was considered available until now. */
    boolean failed(Throwable cause) {
        boolean was = available.getAndSet(false);
        if (was && !closed.get() && !closing) {
            LOG.warn("Redis unavailable ({}); stream events cannot be stored until it answers",
                    cause.toString());
        }
        return was;
    }

    /** Records that Redis answers again; answers whether it was considered unavailable. */
    boolean recovered() {
        boolean was = !available.getAndSet(true);
        if (was) {
            LOG.info("Redis available again");
        }
        return was;
    }

    /** The port is leaving: failures from here on are expected and not reported. */
    void closing() {
        closing = true;
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (StatefulConnection<String, String> open : List.of(blocking, connection)) {
                try {
                    open.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing a Redis connection failed", e);
                }
            }
            shutdown(client, blockingClient);
        }
    }

    private void shutdown(AbstractRedisClient... clients) {
        for (AbstractRedisClient each : clients) {
            if (each != null) {
                each.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
        try {
            // Netty's future is a java.util.concurrent.Future; viewed as one, so that this module
            // need not read Netty's.
            Object stopping = resources.shutdown(0, 2, TimeUnit.SECONDS);
            ((Future<?>) stopping).get(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("Lettuce's threads did not stop in time", e);
        }
    }
}
