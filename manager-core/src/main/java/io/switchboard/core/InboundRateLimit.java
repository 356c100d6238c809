package io.switchboard.core;

import java.util.Objects;

/**
 * How fast clients may send: a token bucket on frames and one on bytes, for each connection and,
 * shared by all of them, for each user. A frame within every bucket is handled; the first frame
 * beyond one is dropped and answered with an {@code error} frame {@code rate_limited}; further
 * frames beyond it are dropped silently; and a client that sends
 * {@link #excessFramesBeforeClose} frames beyond the limit in a row (none accepted in between) is
 * closed with 1008 {@link CloseReason#RATE_LIMITED}. Every frame counts: text, binary, and the
 * client's pings and pongs as far as the transport reports them.
 *
 * <p>The defaults ({@link #defaults()}) are far above what a chat client sends (a message every
 * few seconds, an acknowledgement per batch, a ping every half minute), so that only a runaway or
 * hostile client meets them. {@link #unlimited()} turns the limit off; {@link #builder()} starts
 * from the defaults and {@link #toBuilder()} derives a changed copy. Immutable; thread-safe.
 *
 * <p>{@link Rate} stays a record: a pair of token buckets is a value of fixed shape, like a
 * {@code Duration}, where a setting that may be added belongs here.
 */
public final class InboundRateLimit {

    private final Rate perConnection;
    private final Rate perUser;
    private final int excessFramesBeforeClose;

    private InboundRateLimit(Rate perConnection, Rate perUser, int excessFramesBeforeClose) {
        Objects.requireNonNull(perConnection, "perConnection");
        Objects.requireNonNull(perUser, "perUser");
        if (excessFramesBeforeClose < 1) {
            throw new IllegalArgumentException(
                    "excessFramesBeforeClose must be positive, was " + excessFramesBeforeClose);
        }
        this.perConnection = perConnection;
        this.perUser = perUser;
        this.excessFramesBeforeClose = excessFramesBeforeClose;
    }

    /**
     * The defaults: per connection 50 frames/s (bursts of 200) and 256 KiB/s (bursts of 1 MiB);
     * per user 100 frames/s (bursts of 400) and 512 KiB/s (bursts of 2 MiB); closed after 100
     * frames beyond the limit in a row.
     *
     * @return the default limit
     */
    public static InboundRateLimit defaults() {
        return builder().build();
    }

    /**
     * A builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * No limit at all.
     *
     * @return a limit no client can reach
     */
    public static InboundRateLimit unlimited() {
        return new InboundRateLimit(Rate.UNLIMITED, Rate.UNLIMITED, Integer.MAX_VALUE);
    }

    /**
     * Whether this limit can never be reached.
     *
     * @return {@code true} for {@link #unlimited()}
     */
    public boolean isUnlimited() {
        return perConnection.equals(Rate.UNLIMITED) && perUser.equals(Rate.UNLIMITED);
    }

    /**
     * The buckets of each connection.
     *
     * @return the buckets of each connection
     */
    public Rate perConnection() {
        return perConnection;
    }

    /**
     * The buckets one user's connections share.
     *
     * @return the buckets one user's connections share
     */
    public Rate perUser() {
        return perUser;
    }

    /**
     * Frames beyond the limit in a row, after the {@code error} frame, that close the connection;
     * at least 1.
     *
     * @return frames beyond the limit in a row, after the {@code error} frame, that close the
     *     connection; at least 1
     */
    public int excessFramesBeforeClose() {
        return excessFramesBeforeClose;
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
        if (!(other instanceof InboundRateLimit that)) {
            return false;
        }
        return perConnection.equals(that.perConnection)
                && perUser.equals(that.perUser)
                && excessFramesBeforeClose == that.excessFramesBeforeClose;
    }

    @Override
    public int hashCode() {
        return Objects.hash(perConnection, perUser, excessFramesBeforeClose);
    }

    @Override
    public String toString() {
        return "InboundRateLimit[perConnection=" + perConnection
                + ", perUser=" + perUser
                + ", excessFramesBeforeClose=" + excessFramesBeforeClose
                + "]";
    }

    /**
     * One pair of token buckets: frames and bytes (UTF-8 bytes of text frames). Each refills
     * continuously at its rate up to its burst; a frame takes one frame token and its size in byte
     * tokens. Immutable.
     *
     * @param framesPerSecond frame refill rate, positive
     * @param frameBurst frames the bucket holds when full, at least 1
     * @param bytesPerSecond byte refill rate, positive
     * @param byteBurst bytes the bucket holds when full; at least one maximal message
     */
    public record Rate(double framesPerSecond, long frameBurst, double bytesPerSecond,
            long byteBurst) {

        /** A rate no client reaches. */
        public static final Rate UNLIMITED =
                new Rate(Double.MAX_VALUE, Long.MAX_VALUE, Double.MAX_VALUE, Long.MAX_VALUE);

        /**
         * Validates the rate.
         *
         * @param framesPerSecond frame refill rate, positive
         * @param frameBurst frames the bucket holds when full, at least 1
         * @param bytesPerSecond byte refill rate, positive
         * @param byteBurst bytes the bucket holds when full; at least one maximal message
         * @throws IllegalArgumentException naming the first invalid value
         */
        public Rate {
            if (!(framesPerSecond > 0) || Double.isNaN(framesPerSecond)) {
                throw new IllegalArgumentException("framesPerSecond must be positive, was " + framesPerSecond);
            }
            if (frameBurst < 1) {
                throw new IllegalArgumentException("frameBurst must be at least 1, was " + frameBurst);
            }
            if (!(bytesPerSecond > 0) || Double.isNaN(bytesPerSecond)) {
                throw new IllegalArgumentException("bytesPerSecond must be positive, was " + bytesPerSecond);
            }
            if (byteBurst < 1) {
                throw new IllegalArgumentException("byteBurst must be at least 1, was " + byteBurst);
            }
        }
    }

    /** Builds an {@link InboundRateLimit}. Not thread-safe. */
    public static final class Builder {
        private Rate perConnection = new Rate(50, 200, 256 * 1024, 1024 * 1024);
        private Rate perUser = new Rate(100, 400, 512 * 1024, 2 * 1024 * 1024);
        private int excessFramesBeforeClose = 100;

        private Builder() {
        }

        private Builder(InboundRateLimit base) {
            this.perConnection = base.perConnection;
            this.perUser = base.perUser;
            this.excessFramesBeforeClose = base.excessFramesBeforeClose;
        }

        /**
         * The buckets of each connection. Default 50 frames/s (bursts of 200) and 256 KiB/s
         * (bursts of 1 MiB).
         *
         * @param value the rate, or {@link Rate#UNLIMITED}
         * @return this builder
         */
        public Builder perConnection(Rate value) {
            this.perConnection = value;
            return this;
        }

        /**
         * The buckets one user's connections share. Default 100 frames/s (bursts of 400) and
         * 512 KiB/s (bursts of 2 MiB).
         *
         * @param value the rate, or {@link Rate#UNLIMITED}
         * @return this builder
         */
        public Builder perUser(Rate value) {
            this.perUser = value;
            return this;
        }

        /**
         * Frames beyond the limit in a row, after the {@code error} frame, that close the
         * connection with 1008. Default 100.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder excessFramesBeforeClose(int value) {
            this.excessFramesBeforeClose = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the limit
         * @throws IllegalArgumentException naming the first invalid value
         */
        public InboundRateLimit build() {
            return new InboundRateLimit(perConnection, perUser, excessFramesBeforeClose);
        }
    }
}
