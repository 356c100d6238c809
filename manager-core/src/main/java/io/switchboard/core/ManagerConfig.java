package io.switchboard.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The manager's limits and timings. Immutable and thread-safe; {@link #defaults()} is the config
 * with every default, {@link #builder()} starts from the defaults (each documented on its builder
 * method), and {@link #toBuilder()} derives a changed copy. Invalid values fail when the config is
 * built, with a message naming the setting and the value.
 */
public final class ManagerConfig {

    // Longer than this, a held delta is no longer "streaming".
    private static final Duration MAX_DELTA_WINDOW = Duration.ofSeconds(1);

    private final int maxConnectionsPerUser;
    private final int maxConnections;
    private final Duration runAssociationTtl;
    private final int maxRunAssociations;
    private final Duration staleAfter;
    private final Duration staleSweepInterval;
    private final int maxQueuedFrames;
    private final long maxQueuedBytes;
    private final int maxInboundChars;
    private final Duration shutdownGracePeriod;
    private final Duration deltaFlushInterval;
    private final InboundRateLimit inboundRateLimit;

    private ManagerConfig(int maxConnectionsPerUser, int maxConnections, Duration runAssociationTtl,
            int maxRunAssociations, Duration staleAfter, Duration staleSweepInterval,
            int maxQueuedFrames, long maxQueuedBytes, int maxInboundChars,
            Duration shutdownGracePeriod, Duration deltaFlushInterval,
            InboundRateLimit inboundRateLimit) {
        positive("maxConnectionsPerUser", maxConnectionsPerUser);
        positive("maxConnections", maxConnections);
        if (maxConnectionsPerUser > maxConnections) {
            throw new IllegalArgumentException("maxConnectionsPerUser (" + maxConnectionsPerUser
                    + ") must not exceed maxConnections (" + maxConnections + ")");
        }
        positive("runAssociationTtl", runAssociationTtl);
        positive("maxRunAssociations", maxRunAssociations);
        positive("staleAfter", staleAfter);
        Objects.requireNonNull(staleSweepInterval, "staleSweepInterval");
        if (staleSweepInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "staleSweepInterval must not be negative, was " + staleSweepInterval);
        }
        positive("maxQueuedFrames", maxQueuedFrames);
        positive("maxQueuedBytes", maxQueuedBytes);
        positive("maxInboundChars", maxInboundChars);
        Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod");
        if (shutdownGracePeriod.isNegative()) {
            throw new IllegalArgumentException(
                    "shutdownGracePeriod must not be negative, was " + shutdownGracePeriod);
        }
        Objects.requireNonNull(deltaFlushInterval, "deltaFlushInterval");
        if (deltaFlushInterval.isNegative() || deltaFlushInterval.compareTo(MAX_DELTA_WINDOW) > 0) {
            throw new IllegalArgumentException("deltaFlushInterval must be within [0, "
                    + MAX_DELTA_WINDOW + "], was " + deltaFlushInterval);
        }
        Objects.requireNonNull(inboundRateLimit, "inboundRateLimit");
        this.maxConnectionsPerUser = maxConnectionsPerUser;
        this.maxConnections = maxConnections;
        this.runAssociationTtl = runAssociationTtl;
        this.maxRunAssociations = maxRunAssociations;
        this.staleAfter = staleAfter;
        this.staleSweepInterval = staleSweepInterval;
        this.maxQueuedFrames = maxQueuedFrames;
        this.maxQueuedBytes = maxQueuedBytes;
        this.maxInboundChars = maxInboundChars;
        this.shutdownGracePeriod = shutdownGracePeriod;
        this.deltaFlushInterval = deltaFlushInterval;
        this.inboundRateLimit = inboundRateLimit;
    }

    /**
     * A builder holding every default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The configuration with every default.
     *
     * @return the defaults
     */
    public static ManagerConfig defaults() {
        return builder().build();
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /**
     * Connections one user may hold; a new one beyond it evicts the user's oldest.
     *
     * @return connections one user may hold; a new one beyond it evicts the user's oldest
     */
    public int maxConnectionsPerUser() {
        return maxConnectionsPerUser;
    }

    /**
     * Connections the manager holds in all; a new one beyond it is refused with 1013.
     *
     * @return connections the manager holds in all; a new one beyond it is refused with 1013
     */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * How long a run association lives after its last use.
     *
     * @return how long a run association lives after its last use
     */
    public Duration runAssociationTtl() {
        return runAssociationTtl;
    }

    /**
     * How many run associations are kept (least recently used go first).
     *
     * @return how many run associations are kept (least recently used go first)
     */
    public int maxRunAssociations() {
        return maxRunAssociations;
    }

    /**
     * How long a connection may send nothing (no frame, no pong) before the sweep closes it.
     *
     * @return how long a connection may send nothing (no frame, no pong) before the sweep closes it
     */
    public Duration staleAfter() {
        return staleAfter;
    }

    /**
     * How often the manager looks for stale connections; zero turns the manager's own sweeper off
     * (call {@code closeStaleConnections()} yourself).
     *
     * @return how often the manager looks for stale connections; zero turns the manager's own
     *     sweeper off (call {@code closeStaleConnections()} yourself)
     */
    public Duration staleSweepInterval() {
        return staleSweepInterval;
    }

    /**
     * Frames one connection's outbound queue may hold.
     *
     * @return frames one connection's outbound queue may hold
     */
    public int maxQueuedFrames() {
        return maxQueuedFrames;
    }

    /**
     * Bytes one connection's outbound queue may hold.
     *
     * @return bytes one connection's outbound queue may hold
     */
    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /**
     * The longest client text frame the manager accepts, in characters.
     *
     * @return the longest client text frame the manager accepts, in characters
     */
    public int maxInboundChars() {
        return maxInboundChars;
    }

    /**
     * How long {@code close()} lets queues flush before closing connections regardless.
     *
     * @return how long {@code close()} lets queues flush before closing connections regardless
     */
    public Duration shutdownGracePeriod() {
        return shutdownGracePeriod;
    }

    /**
     * How long an emitter holds consecutive deltas of one message to send them as one; zero sends
     * each delta at once.
     *
     * @return how long an emitter holds consecutive deltas of one message to send them as one; zero
     *     sends each delta at once
     */
    public Duration deltaFlushInterval() {
        return deltaFlushInterval;
    }

    /**
     * How fast each connection and each user may send frames.
     *
     * @return how fast each connection and each user may send frames
     */
    public InboundRateLimit inboundRateLimit() {
        return inboundRateLimit;
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
        if (!(other instanceof ManagerConfig that)) {
            return false;
        }
        return maxConnectionsPerUser == that.maxConnectionsPerUser
                && maxConnections == that.maxConnections
                && runAssociationTtl.equals(that.runAssociationTtl)
                && maxRunAssociations == that.maxRunAssociations
                && staleAfter.equals(that.staleAfter)
                && staleSweepInterval.equals(that.staleSweepInterval)
                && maxQueuedFrames == that.maxQueuedFrames
                && maxQueuedBytes == that.maxQueuedBytes
                && maxInboundChars == that.maxInboundChars
                && shutdownGracePeriod.equals(that.shutdownGracePeriod)
                && deltaFlushInterval.equals(that.deltaFlushInterval)
                && inboundRateLimit.equals(that.inboundRateLimit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxConnectionsPerUser, maxConnections, runAssociationTtl,
                maxRunAssociations, staleAfter, staleSweepInterval, maxQueuedFrames, maxQueuedBytes,
                maxInboundChars, shutdownGracePeriod, deltaFlushInterval, inboundRateLimit);
    }

    @Override
    public String toString() {
        return "ManagerConfig[maxConnectionsPerUser=" + maxConnectionsPerUser
                + ", maxConnections=" + maxConnections
                + ", runAssociationTtl=" + runAssociationTtl
                + ", maxRunAssociations=" + maxRunAssociations
                + ", staleAfter=" + staleAfter
                + ", staleSweepInterval=" + staleSweepInterval
                + ", maxQueuedFrames=" + maxQueuedFrames
                + ", maxQueuedBytes=" + maxQueuedBytes
                + ", maxInboundChars=" + maxInboundChars
                + ", shutdownGracePeriod=" + shutdownGracePeriod
                + ", deltaFlushInterval=" + deltaFlushInterval
                + ", inboundRateLimit=" + inboundRateLimit
                + "]";
    }

    /** Builds a {@link ManagerConfig}. Not thread-safe; use from one thread. */
    public static final class Builder {
        private int maxConnectionsPerUser = 3;
        private int maxConnections = 100;
        private Duration runAssociationTtl = Duration.ofSeconds(180);
        private int maxRunAssociations = 500;
        private Duration staleAfter = Duration.ofSeconds(120);
        private Duration staleSweepInterval = Duration.ofSeconds(30);
        private int maxQueuedFrames = 1024;
        private long maxQueuedBytes = 4L * 1024 * 1024;
        private int maxInboundChars = 64 * 1024;
        private Duration shutdownGracePeriod = Duration.ofSeconds(5);
        private Duration deltaFlushInterval = Duration.ZERO;
        private InboundRateLimit inboundRateLimit = InboundRateLimit.defaults();

        private Builder() {
        }

        private Builder(ManagerConfig base) {
            this.maxConnectionsPerUser = base.maxConnectionsPerUser;
            this.maxConnections = base.maxConnections;
            this.runAssociationTtl = base.runAssociationTtl;
            this.maxRunAssociations = base.maxRunAssociations;
            this.staleAfter = base.staleAfter;
            this.staleSweepInterval = base.staleSweepInterval;
            this.maxQueuedFrames = base.maxQueuedFrames;
            this.maxQueuedBytes = base.maxQueuedBytes;
            this.maxInboundChars = base.maxInboundChars;
            this.shutdownGracePeriod = base.shutdownGracePeriod;
            this.deltaFlushInterval = base.deltaFlushInterval;
            this.inboundRateLimit = base.inboundRateLimit;
        }

        /**
         * Connections per user. Default 3.
         *
         * @param value at least 1, at most {@code maxConnections}
         * @return this builder
         */
        public Builder maxConnectionsPerUser(int value) {
            this.maxConnectionsPerUser = value;
            return this;
        }

        /**
         * Connections in all. Default 100.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        /**
         * Time a run association lives after its last use. Default 180 s. An emitter's events
         * count as use at most once a second (a tenth of a shorter TTL), so the association of a
         * run whose emitter stopped expires up to that much earlier.
         *
         * @param value positive
         * @return this builder
         */
        public Builder runAssociationTtl(Duration value) {
            this.runAssociationTtl = value;
            return this;
        }

        /**
         * Run associations kept. Default 500.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxRunAssociations(int value) {
            this.maxRunAssociations = value;
            return this;
        }

        /**
         * Silence after which a connection is stale. Default 120 s.
         *
         * @param value positive
         * @return this builder
         */
        public Builder staleAfter(Duration value) {
            this.staleAfter = value;
            return this;
        }

        /**
         * Interval of the stale sweep. Default 30 s; zero turns the manager's sweeper off.
         *
         * @param value zero or positive
         * @return this builder
         */
        public Builder staleSweepInterval(Duration value) {
            this.staleSweepInterval = value;
            return this;
        }

        /**
         * Frames per outbound queue. Default 1024.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxQueuedFrames(int value) {
            this.maxQueuedFrames = value;
            return this;
        }

        /**
         * Bytes per outbound queue. Default 4 MiB.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxQueuedBytes(long value) {
            this.maxQueuedBytes = value;
            return this;
        }

        /**
         * Longest accepted client frame, in characters. Default 65,536.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxInboundChars(int value) {
            this.maxInboundChars = value;
            return this;
        }

        /**
         * Time {@code close()} lets queues flush. Default 5 s.
         *
         * @param value zero or positive
         * @return this builder
         */
        public Builder shutdownGracePeriod(Duration value) {
            this.shutdownGracePeriod = value;
            return this;
        }

        /**
         * The delta window: how long an emitter holds consecutive deltas of one message (or tool
         * call) to send them as one delta, cutting frames and log entries for a streamed answer
         * (for example 40 ms: about 25 frames a second per message whatever the model's pace).
         * Any other event of the run sends the held deltas first. Default zero: every delta is
         * sent at once, and deltas are merged only in the queues of connections that read slowly.
         *
         * @param value zero, or positive up to 1 s
         * @return this builder
         */
        public Builder deltaFlushInterval(Duration value) {
            this.deltaFlushInterval = value;
            return this;
        }

        /**
         * How fast clients may send. Default {@link InboundRateLimit#defaults()}: per connection
         * 50 frames/s (bursts of 200) and 256 KiB/s (bursts of 1 MiB), per user twice that.
         *
         * @param value the limit, or {@link InboundRateLimit#unlimited()}
         * @return this builder
         */
        public Builder inboundRateLimit(InboundRateLimit value) {
            this.inboundRateLimit = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the first invalid setting and its value
         */
        public ManagerConfig build() {
            return new ManagerConfig(maxConnectionsPerUser, maxConnections, runAssociationTtl,
                    maxRunAssociations, staleAfter, staleSweepInterval, maxQueuedFrames,
                    maxQueuedBytes, maxInboundChars, shutdownGracePeriod, deltaFlushInterval,
                    inboundRateLimit);
        }
    }
}
