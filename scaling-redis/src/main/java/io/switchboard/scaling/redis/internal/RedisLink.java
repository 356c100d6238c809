package io.switchboard.scaling.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import io.switchboard.scaling.redis.RedisClusterConfig;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lettuce side: one command connection (pipelined, shared by every caller, so commands run
 * in the order they were issued), one pub/sub connection, one connection for the inbox's blocking
 * reads, and whether Redis answers.
 *
 * <p>Every command is bounded: Lettuce times it out after the command timeout (the blocking
 * connection after its block time plus that), and while a connection is down new commands are
 * rejected at once rather than queued. Lettuce reconnects with exponential backoff up to the
 * configured maximum and re-subscribes the pub/sub channels itself.
 */
final class RedisLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);

    /** How long one blocking inbox read waits for new frames. */
    static final Duration INBOX_BLOCK = Duration.ofMillis(500);

    final Scripts scripts = new Scripts();
    private final Duration timeout;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisClient blockingClient;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisConnection<String, String> blocking;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
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
        RedisURI uri = RedisURI.create(config.redisUri());
        uri.setTimeout(timeout);
        this.client = RedisClient.create(resources, uri);
        this.client.setOptions(options(config, timeout));
        this.blockingClient = RedisClient.create(resources, uri);
        this.blockingClient.setOptions(options(config, timeout.plus(INBOX_BLOCK)));
        try {
            this.connection = client.connect();
            this.pubSub = client.connectPubSub();
            this.blocking = blockingClient.connect();
        } catch (RuntimeException e) {
            shutdownClients();
            throw e;
        }
    }

    private static ClientOptions options(RedisClusterConfig config, Duration commandTimeout) {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(config.maxQueuedCommands())
                .pingBeforeActivateConnection(true)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(config.commandTimeout())
                        .keepAlive(true).build())
                .build();
    }

    RedisAsyncCommands<String, String> async() {
        return connection.async();
    }

    StatefulRedisConnection<String, String> blocking() {
        return blocking;
    }

    StatefulRedisPubSubConnection<String, String> pubSub() {
        return pubSub;
    }

    Duration timeout() {
        return timeout;
    }

    /** Runs a script without waiting. */
    <T> CompletionStage<T> script(Scripts.Script script, ScriptOutputType type, String[] keys,
            String... args) {
        return scripts.run(connection.async(), script, type, keys, args);
    }

    /**
     * Waits for a command issued on this link. Lettuce completes it within the command timeout;
     * the extra second only guards against a bug there.
     *
     * @throws RedisException if the command failed or timed out; Redis is then marked unavailable
     */
    <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
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
     * The Redis time after which a command issued now must no longer take effect: half the
     * command timeout, so that a command Lettuce re-sends after a reconnect, or Redis runs after
     * a freeze, is dropped by its script instead of applied after its caller gave up.
     */
    long deadlineMillis() {
        return redisNowMillis() + Math.max(1, timeout.toMillis() / 2);
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
            LOG.warn("Redis unavailable ({}); local delivery continues, events use a fallback epoch",
                    cause.toString());
        }
        return was;
    }

    void recovered() {
        if (!available.getAndSet(true)) {
            LOG.info("Redis available again");
        }
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
            shutdownClients();
        }
    }

    private void shutdownClients() {
        for (AutoCloseable closeable : new AutoCloseable[] {pubSubOrNull(), blockingOrNull(),
                connectionOrNull()}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.debug("closing a Redis connection failed", e);
                }
            }
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        blockingClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        try {
            // Netty's future is a java.util.concurrent.Future; viewed as one, so that this module
            // need not read Netty's.
            Object stopping = resources.shutdown(0, 2, TimeUnit.SECONDS);
            ((java.util.concurrent.Future<?>) stopping).get(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("Lettuce's threads did not stop in time", e);
        }
    }

    private AutoCloseable pubSubOrNull() {
        return pubSub;
    }

    private AutoCloseable blockingOrNull() {
        return blocking;
    }

    private AutoCloseable connectionOrNull() {
        return connection;
    }
}
