package io.switchboard.scaling.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How one instance joins a Switchboard cluster on Redis. Immutable and thread-safe;
 * {@link #defaults()} is the config with every default (a Redis on localhost), {@link #builder()}
 * starts from the defaults (each documented on its builder method), and {@link #toBuilder()}
 * derives a changed copy (keeping the instance id). Invalid values fail in {@link Builder#build()}
 * with a message naming the setting and the value.
 */
public final class RedisClusterConfig {

    private final String redisUri;
    private final Topology topology;
    private final String instanceId;
    private final String keyPrefix;
    private final Duration heartbeatInterval;
    private final Duration instanceTtl;
    private final Duration commandTimeout;
    private final Duration reconnectDelayMax;
    private final int maxConnectionsPerUser;
    private final int maxEventsPerStream;
    private final int maxDeltasPerStream;
    private final Duration maxEventAge;
    private final int inboxMaxLength;
    private final int maxQueuedCommands;

    /** What {@link #redisUri()} names. */
    public enum Topology {
        /** One server, or a primary that Sentinel manages ({@code redis-sentinel://}). */
        STANDALONE,
        /**
         * A Redis Cluster (also ElastiCache, Memorystore, Azure Cache, Valkey in cluster mode):
         * the URI lists one or more seed nodes; every script touches one hash slot.
         */
        CLUSTER
    }

    private static final List<String> SCHEMES = List.of("redis://", "rediss://", "redis-sentinel://",
            "rediss-sentinel://");

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private RedisClusterConfig(String redisUri, Topology topology, String instanceId,
            String keyPrefix, Duration heartbeatInterval, Duration instanceTtl,
            Duration commandTimeout, Duration reconnectDelayMax, int maxConnectionsPerUser,
            int maxEventsPerStream, int maxDeltasPerStream, Duration maxEventAge,
            int inboxMaxLength, int maxQueuedCommands) {
        Objects.requireNonNull(redisUri, "redisUri");
        Objects.requireNonNull(topology, "topology");
        for (String uri : topology == Topology.CLUSTER ? redisUri.split(",") : new String[] {redisUri}) {
            String trimmed = uri.trim();
            if (SCHEMES.stream().noneMatch(trimmed::startsWith)
                    || topology == Topology.CLUSTER && trimmed.contains("-sentinel://")) {
                throw new IllegalArgumentException("redisUri must start with redis://, rediss://"
                        + (topology == Topology.CLUSTER ? "" : " or redis-sentinel://")
                        + " (for " + topology + "), was " + redisUri);
            }
        }
        if (instanceId == null || !ID.matcher(instanceId).matches()) {
            throw new IllegalArgumentException(
                    "instanceId must be 1 to 64 characters of [A-Za-z0-9._-], was " + instanceId);
        }
        if (keyPrefix == null || !PREFIX.matcher(keyPrefix).matches()) {
            throw new IllegalArgumentException(
                    "keyPrefix must be 1 to 32 characters of [A-Za-z0-9._-], was " + keyPrefix);
        }
        positive("heartbeatInterval", heartbeatInterval);
        positive("instanceTtl", instanceTtl);
        positive("commandTimeout", commandTimeout);
        positive("reconnectDelayMax", reconnectDelayMax);
        positive("maxEventAge", maxEventAge);
        if (instanceTtl.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("instanceTtl must be at least twice heartbeatInterval ("
                    + heartbeatInterval + "), was " + instanceTtl);
        }
        if (maxConnectionsPerUser < 0) {
            throw new IllegalArgumentException(
                    "maxConnectionsPerUser must not be negative, was " + maxConnectionsPerUser);
        }
        atLeastOne("maxEventsPerStream", maxEventsPerStream);
        atLeastOne("maxDeltasPerStream", maxDeltasPerStream);
        atLeastOne("inboxMaxLength", inboxMaxLength);
        atLeastOne("maxQueuedCommands", maxQueuedCommands);
        this.redisUri = redisUri;
        this.topology = topology;
        this.instanceId = instanceId;
        this.keyPrefix = keyPrefix;
        this.heartbeatInterval = heartbeatInterval;
        this.instanceTtl = instanceTtl;
        this.commandTimeout = commandTimeout;
        this.reconnectDelayMax = reconnectDelayMax;
        this.maxConnectionsPerUser = maxConnectionsPerUser;
        this.maxEventsPerStream = maxEventsPerStream;
        this.maxDeltasPerStream = maxDeltasPerStream;
        this.maxEventAge = maxEventAge;
        this.inboxMaxLength = inboxMaxLength;
        this.maxQueuedCommands = maxQueuedCommands;
    }

    /**
     * The configuration with every default, with a new random instance id.
     *
     * @return the defaults
     */
    public static RedisClusterConfig defaults() {
        return builder().build();
    }

    /**
     * A builder holding every default, with a new random instance id.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /**
     * The Redis server, for example {@code redis://127.0.0.1:6379}; a Sentinel-managed primary as
     * {@code redis-sentinel://host:26379,host2:26379#mymaster}; with {@link Topology#CLUSTER} one
     * or more seed nodes separated by commas.
     *
     * @return the Redis server, for example {@code redis://127.0.0.1:6379}; a Sentinel-managed
     *     primary as {@code redis-sentinel://host:26379,host2:26379#mymaster}; with {@link
     *     Topology#CLUSTER} one or more seed nodes separated by commas
     */
    public String redisUri() {
        return redisUri;
    }

    /**
     * Whether {@code redisUri} names one server (standalone or Sentinel) or a Redis Cluster.
     *
     * @return whether {@code redisUri} names one server (standalone or Sentinel) or a Redis Cluster
     */
    public Topology topology() {
        return topology;
    }

    /**
     * This instance's id in the registry, unique in the cluster.
     *
     * @return this instance's id in the registry, unique in the cluster
     */
    public String instanceId() {
        return instanceId;
    }

    /**
     * Prefix of every key and channel, so that clusters can share one Redis.
     *
     * @return prefix of every key and channel, so that clusters can share one Redis
     */
    public String keyPrefix() {
        return keyPrefix;
    }

    /**
     * How often the instance renews its heartbeat key and refreshes its view.
     *
     * @return how often the instance renews its heartbeat key and refreshes its view
     */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /**
     * How long the heartbeat key lives; an instance silent this long is dead.
     *
     * @return how long the heartbeat key lives; an instance silent this long is dead
     */
    public Duration instanceTtl() {
        return instanceTtl;
    }

    /**
     * The longest any single Redis command may take before it fails.
     *
     * @return the longest any single Redis command may take before it fails
     */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /**
     * The longest pause between two reconnect attempts.
     *
     * @return the longest pause between two reconnect attempts
     */
    public Duration reconnectDelayMax() {
        return reconnectDelayMax;
    }

    /**
     * Connections per user across the cluster; 0 turns the limit off.
     *
     * @return connections per user across the cluster; 0 turns the limit off
     */
    public int maxConnectionsPerUser() {
        return maxConnectionsPerUser;
    }

    /**
     * Events the shared log keeps per stream, deltas of streamed messages not counted.
     *
     * @return events the shared log keeps per stream, deltas of streamed messages not counted
     */
    public int maxEventsPerStream() {
        return maxEventsPerStream;
    }

    /**
     * Deltas of streamed messages the shared log keeps per stream.
     *
     * @return deltas of streamed messages the shared log keeps per stream
     */
    public int maxDeltasPerStream() {
        return maxDeltasPerStream;
    }

    /**
     * Age beyond which the shared log drops an event; a stream unused for twice this long is
     * forgotten, and its next event starts a new epoch.
     *
     * @return age beyond which the shared log drops an event; a stream unused for twice this long
     *     is forgotten, and its next event starts a new epoch
     */
    public Duration maxEventAge() {
        return maxEventAge;
    }

    /**
     * Frames kept at most in one instance's inbox.
     *
     * @return frames kept at most in one instance's inbox
     */
    public int inboxMaxLength() {
        return inboxMaxLength;
    }

    /**
     * Commands Lettuce may queue per connection before rejecting more.
     *
     * @return commands Lettuce may queue per connection before rejecting more
     */
    public int maxQueuedCommands() {
        return maxQueuedCommands;
    }

    /**
     * A builder holding this config's values, to derive a changed copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof RedisClusterConfig that)) {
            return false;
        }
        return redisUri.equals(that.redisUri)
                && topology.equals(that.topology)
                && instanceId.equals(that.instanceId)
                && keyPrefix.equals(that.keyPrefix)
                && heartbeatInterval.equals(that.heartbeatInterval)
                && instanceTtl.equals(that.instanceTtl)
                && commandTimeout.equals(that.commandTimeout)
                && reconnectDelayMax.equals(that.reconnectDelayMax)
                && maxConnectionsPerUser == that.maxConnectionsPerUser
                && maxEventsPerStream == that.maxEventsPerStream
                && maxDeltasPerStream == that.maxDeltasPerStream
                && maxEventAge.equals(that.maxEventAge)
                && inboxMaxLength == that.inboxMaxLength
                && maxQueuedCommands == that.maxQueuedCommands;
    }

    @Override
    public int hashCode() {
        return Objects.hash(redisUri, topology, instanceId, keyPrefix, heartbeatInterval,
                instanceTtl, commandTimeout, reconnectDelayMax, maxConnectionsPerUser,
                maxEventsPerStream, maxDeltasPerStream, maxEventAge, inboxMaxLength,
                maxQueuedCommands);
    }

    @Override
    public String toString() {
        return "RedisClusterConfig[redisUri=" + redisUri
                + ", topology=" + topology
                + ", instanceId=" + instanceId
                + ", keyPrefix=" + keyPrefix
                + ", heartbeatInterval=" + heartbeatInterval
                + ", instanceTtl=" + instanceTtl
                + ", commandTimeout=" + commandTimeout
                + ", reconnectDelayMax=" + reconnectDelayMax
                + ", maxConnectionsPerUser=" + maxConnectionsPerUser
                + ", maxEventsPerStream=" + maxEventsPerStream
                + ", maxDeltasPerStream=" + maxDeltasPerStream
                + ", maxEventAge=" + maxEventAge
                + ", inboxMaxLength=" + inboxMaxLength
                + ", maxQueuedCommands=" + maxQueuedCommands
                + "]";
    }

    /** Builds {@link RedisClusterConfig}. Not thread-safe. */
    public static final class Builder {
        private String redisUri = "redis://127.0.0.1:6379";
        private Topology topology = Topology.STANDALONE;
        private String instanceId = "i-" + UUID.randomUUID().toString().substring(0, 13);
        private String keyPrefix = "switchboard";
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration instanceTtl = Duration.ofSeconds(5);
        private Duration commandTimeout = Duration.ofSeconds(1);
        private Duration reconnectDelayMax = Duration.ofSeconds(1);
        private int maxConnectionsPerUser = 3;
        private int maxEventsPerStream = 1000;
        private int maxDeltasPerStream = 20_000;
        private Duration maxEventAge = Duration.ofSeconds(180);
        private int inboxMaxLength = 100_000;
        private int maxQueuedCommands = 10_000;

        private Builder() {
        }

        private Builder(RedisClusterConfig base) {
            this.redisUri = base.redisUri;
            this.topology = base.topology;
            this.instanceId = base.instanceId;
            this.keyPrefix = base.keyPrefix;
            this.heartbeatInterval = base.heartbeatInterval;
            this.instanceTtl = base.instanceTtl;
            this.commandTimeout = base.commandTimeout;
            this.reconnectDelayMax = base.reconnectDelayMax;
            this.maxConnectionsPerUser = base.maxConnectionsPerUser;
            this.maxEventsPerStream = base.maxEventsPerStream;
            this.maxDeltasPerStream = base.maxDeltasPerStream;
            this.maxEventAge = base.maxEventAge;
            this.inboxMaxLength = base.inboxMaxLength;
            this.maxQueuedCommands = base.maxQueuedCommands;
        }

        /**
         * The Redis server. Default {@code redis://127.0.0.1:6379}.
         *
         * @param value a {@code redis://} or {@code rediss://} URI, a {@code redis-sentinel://}
         *     URI naming the Sentinels and the primary, or (with {@link Topology#CLUSTER}) seed
         *     nodes separated by commas
         * @return this builder
         */
        public Builder redisUri(String value) {
            this.redisUri = value;
            return this;
        }

        /**
         * Whether {@link #redisUri} is one server or a Redis Cluster. Default
         * {@link Topology#STANDALONE}.
         *
         * @param value the topology
         * @return this builder
         */
        public Builder topology(Topology value) {
            this.topology = value;
            return this;
        }

        /**
         * This instance's id. Default {@code i-} and 13 random characters, new at every start.
         *
         * @param value 1 to 64 characters of {@code [A-Za-z0-9._-]}, unique in the cluster
         * @return this builder
         */
        public Builder instanceId(String value) {
            this.instanceId = value;
            return this;
        }

        /**
         * Prefix of keys and channels. Default {@code switchboard}.
         *
         * @param value 1 to 32 characters of {@code [A-Za-z0-9._-]}
         * @return this builder
         */
        public Builder keyPrefix(String value) {
            this.keyPrefix = value;
            return this;
        }

        /**
         * Heartbeat interval. Default 1 s.
         *
         * @param value positive
         * @return this builder
         */
        public Builder heartbeatInterval(Duration value) {
            this.heartbeatInterval = value;
            return this;
        }

        /**
         * Heartbeat key lifetime: how long a silent instance still counts as alive. Default 5 s.
         *
         * @param value at least twice the heartbeat interval
         * @return this builder
         */
        public Builder instanceTtl(Duration value) {
            this.instanceTtl = value;
            return this;
        }

        /**
         * Bound of every Redis command. Default 1 s.
         *
         * @param value positive
         * @return this builder
         */
        public Builder commandTimeout(Duration value) {
            this.commandTimeout = value;
            return this;
        }

        /**
         * Longest pause between reconnect attempts (they back off exponentially up to it).
         * Default 1 s.
         *
         * @param value positive
         * @return this builder
         */
        public Builder reconnectDelayMax(Duration value) {
            this.reconnectDelayMax = value;
            return this;
        }

        /**
         * Connections per user across the cluster; beyond it the oldest is evicted wherever it
         * lives, within 2.5 heartbeat intervals of the admission that exceeded it, counting only
         * connections of instances that heartbeated in the last two intervals (so that the
         * connections of an instance that died never cost a live one its place). Default 3 (the
         * core's per-instance default); 0 turns the cluster-wide limit off.
         *
         * @param value zero or positive
         * @return this builder
         */
        public Builder maxConnectionsPerUser(int value) {
            this.maxConnectionsPerUser = value;
            return this;
        }

        /**
         * Events kept per stream in the shared log; deltas of streamed messages count against
         * {@link #maxDeltasPerStream(int)} instead. Default 1,000.
         *
         * @param value positive
         * @return this builder
         */
        public Builder maxEventsPerStream(int value) {
            this.maxEventsPerStream = value;
            return this;
        }

        /**
         * Deltas of streamed messages kept per stream in the shared log ({@code message_delta},
         * {@code tool_call_delta}; each about 45 bytes in Redis with its text, see the module's
         * README). Past it the oldest entries go, as past {@link #maxEventsPerStream(int)}.
         * Default 20,000: two answers of 10,000 deltas within {@link #maxEventAge(Duration)}.
         *
         * @param value positive
         * @return this builder
         */
        public Builder maxDeltasPerStream(int value) {
            this.maxDeltasPerStream = value;
            return this;
        }

        /**
         * Age of the oldest kept event. Default 180 s.
         *
         * @param value positive
         * @return this builder
         */
        public Builder maxEventAge(Duration value) {
            this.maxEventAge = value;
            return this;
        }

        /**
         * Frames kept at most in one instance's inbox (approximately). Default 100,000.
         *
         * @param value positive
         * @return this builder
         */
        public Builder inboxMaxLength(int value) {
            this.inboxMaxLength = value;
            return this;
        }

        /**
         * Commands Lettuce may queue per connection. Default 10,000.
         *
         * @param value positive
         * @return this builder
         */
        public Builder maxQueuedCommands(int value) {
            this.maxQueuedCommands = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the first invalid setting and its value
         */
        public RedisClusterConfig build() {
            return new RedisClusterConfig(redisUri, topology, instanceId, keyPrefix,
                    heartbeatInterval, instanceTtl, commandTimeout, reconnectDelayMax,
                    maxConnectionsPerUser, maxEventsPerStream, maxDeltasPerStream, maxEventAge,
                    inboxMaxLength, maxQueuedCommands);
        }
    }
}
