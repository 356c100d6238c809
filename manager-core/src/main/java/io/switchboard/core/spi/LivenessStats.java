package io.switchboard.core.spi;

import java.util.Objects;

/**
 * Heartbeat figures, as a liveness observer reports them into the manager's stats snapshot.
 * Round-trip times are over the most recent pongs. A final class read through accessors, so that a
 * figure can be added without breaking anyone; the observer builds it with {@link #builder()}.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class LivenessStats {

    private final long pingsSent;
    private final long pongsReceived;
    private final long timeoutsDetected;
    private final long connectionsDropped;
    private final long resurrections;
    private final double avgPingMillis;
    private final double p50PingMillis;
    private final double p99PingMillis;
    private final double maxPingMillis;
    private final int monitored;

    private LivenessStats(Builder builder) {
        this.pingsSent = builder.pingsSent;
        this.pongsReceived = builder.pongsReceived;
        this.timeoutsDetected = builder.timeoutsDetected;
        this.connectionsDropped = builder.connectionsDropped;
        this.resurrections = builder.resurrections;
        this.avgPingMillis = builder.avgPingMillis;
        this.p50PingMillis = builder.p50PingMillis;
        this.p99PingMillis = builder.p99PingMillis;
        this.maxPingMillis = builder.maxPingMillis;
        this.monitored = builder.monitored;
    }

    /**
     * A builder with every figure at zero.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Pings sent.
     *
     * @return pings sent
     */
    public long pingsSent() {
        return pingsSent;
    }

    /**
     * Pongs received.
     *
     * @return pongs received
     */
    public long pongsReceived() {
        return pongsReceived;
    }

    /**
     * Pings that got no answer, nor any other traffic, within the timeout.
     *
     * @return pings that got no answer, nor any other traffic, within the timeout
     */
    public long timeoutsDetected() {
        return timeoutsDetected;
    }

    /**
     * Connections closed for a timeout.
     *
     * @return connections closed for a timeout
     */
    public long connectionsDropped() {
        return connectionsDropped;
    }

    /**
     * Connections marked suspect (no answer for a while) that answered before the timeout.
     *
     * @return connections marked suspect (no answer for a while) that answered before the timeout
     */
    public long resurrections() {
        return resurrections;
    }

    /**
     * Mean round-trip time in milliseconds, 0 if none measured.
     *
     * @return mean round-trip time in milliseconds, 0 if none measured
     */
    public double avgPingMillis() {
        return avgPingMillis;
    }

    /**
     * Median round-trip time in milliseconds.
     *
     * @return median round-trip time in milliseconds
     */
    public double p50PingMillis() {
        return p50PingMillis;
    }

    /**
     * 99th percentile round-trip time in milliseconds.
     *
     * @return 99th percentile round-trip time in milliseconds
     */
    public double p99PingMillis() {
        return p99PingMillis;
    }

    /**
     * Longest round-trip time in milliseconds.
     *
     * @return longest round-trip time in milliseconds
     */
    public double maxPingMillis() {
        return maxPingMillis;
    }

    /**
     * Connections being monitored now.
     *
     * @return connections being monitored now
     */
    public int monitored() {
        return monitored;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LivenessStats that
                && pingsSent == that.pingsSent
                && pongsReceived == that.pongsReceived
                && timeoutsDetected == that.timeoutsDetected
                && connectionsDropped == that.connectionsDropped
                && resurrections == that.resurrections
                && Double.compare(avgPingMillis, that.avgPingMillis) == 0
                && Double.compare(p50PingMillis, that.p50PingMillis) == 0
                && Double.compare(p99PingMillis, that.p99PingMillis) == 0
                && Double.compare(maxPingMillis, that.maxPingMillis) == 0
                && monitored == that.monitored;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                pingsSent, pongsReceived, timeoutsDetected, connectionsDropped, resurrections,
                avgPingMillis, p50PingMillis, p99PingMillis, maxPingMillis, monitored);
    }

    @Override
    public String toString() {
        return "LivenessStats[pingsSent=" + pingsSent
                + ", pongsReceived=" + pongsReceived
                + ", timeoutsDetected=" + timeoutsDetected
                + ", connectionsDropped=" + connectionsDropped
                + ", resurrections=" + resurrections
                + ", avgPingMillis=" + avgPingMillis
                + ", p50PingMillis=" + p50PingMillis
                + ", p99PingMillis=" + p99PingMillis
                + ", maxPingMillis=" + maxPingMillis
                + ", monitored=" + monitored + "]";
    }

    /** Builds a {@link LivenessStats}; every figure starts at zero. Not thread-safe. */
    public static final class Builder {
        private long pingsSent;
        private long pongsReceived;
        private long timeoutsDetected;
        private long connectionsDropped;
        private long resurrections;
        private double avgPingMillis;
        private double p50PingMillis;
        private double p99PingMillis;
        private double maxPingMillis;
        private int monitored;

        private Builder() {
        }

        /**
         * Sets {@link LivenessStats#pingsSent()}.
         *
         * @param value pings sent
         * @return this builder
         */
        public Builder pingsSent(long value) {
            this.pingsSent = value;
            return this;
        }

        /**
         * Sets {@link LivenessStats#pongsReceived()}.
         *
         * @param value pongs received
         * @return this builder
         */
        public Builder pongsReceived(long value) {
            this.pongsReceived = value;
            return this;
        }

        /**
         * Sets {@link LivenessStats#timeoutsDetected()}.
         *
         * @param value pings that got no answer, nor any other traffic, within the timeout
         * @return this builder
         */
        public Builder timeoutsDetected(long value) {
            this.timeoutsDetected = value;
            return this;
        }

        /**
         * Sets {@link LivenessStats#connectionsDropped()}.
         *
         * @param value connections closed for a timeout
         * @return this builder
         */
        public Builder connectionsDropped(long value) {
            this.connectionsDropped = value;
            return this;
        }

        /**
         * Sets {@link LivenessStats#resurrections()}.
         *
         * @param value connections marked suspect (no answer for a while) that answered before the
         *     timeout
         * @return this builder
         */
        public Builder resurrections(long value) {
            this.resurrections = value;
            return this;
        }

        /**
         * Sets {@link LivenessStats#avgPingMillis()}.
         *
         * @param value mean round-trip time in milliseconds, 0 if none measured
         * @return this builder
         */
        public Builder avgPingMillis(double value) {
            this.avgPingMillis = value;
            return this;
        }

        /**
         * Sets {@link LivenessStats#p50PingMillis()}.
         *
         * @param value median round-trip time in milliseconds
         * @return this builder
         */
        public Builder p50PingMillis(double value) {
            this.p50PingMillis = value;
            return this;
        }

        /**
         * Sets {@link LivenessStats#p99PingMillis()}.
         *
         * @param value 99th percentile round-trip time in milliseconds
         * @return this builder
         */
        public Builder p99PingMillis(double value) {
            this.p99PingMillis = value;
            return this;
        }

        /**
         * Sets {@link LivenessStats#maxPingMillis()}.
         *
         * @param value longest round-trip time in milliseconds
         * @return this builder
         */
        public Builder maxPingMillis(double value) {
            this.maxPingMillis = value;
            return this;
        }

        /**
         * Sets {@link LivenessStats#monitored()}.
         *
         * @param value connections being monitored now
         * @return this builder
         */
        public Builder monitored(int value) {
            this.monitored = value;
            return this;
        }

        /**
         * Builds the figures.
         *
         * @return the figures
         */
        public LivenessStats build() {
            return new LivenessStats(this);
        }
    }
}
