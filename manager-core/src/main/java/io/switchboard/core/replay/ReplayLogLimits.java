package io.switchboard.core.replay;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the in-memory replay log. Immutable and thread-safe; {@link #defaults()} is the limits
 * with every default, {@link #builder()} starts from the defaults (each documented on its builder
 * method), and {@link #toBuilder()} derives a changed copy. Invalid values fail when the limits are
 * built, naming the value.
 */
public final class ReplayLogLimits {

    private final int maxEventsPerStream;
    private final Duration maxAge;
    private final long maxTotalBytes;

    private ReplayLogLimits(int maxEventsPerStream, Duration maxAge, long maxTotalBytes) {
        if (maxEventsPerStream < 1) {
            throw new IllegalArgumentException(
                    "maxEventsPerStream must be positive, was " + maxEventsPerStream);
        }
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
        }
        if (maxTotalBytes < 1) {
            throw new IllegalArgumentException("maxTotalBytes must be positive, was " + maxTotalBytes);
        }
        this.maxEventsPerStream = maxEventsPerStream;
        this.maxAge = maxAge;
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * The defaults: 1,000 events and 180 s per stream, 64 MiB in all.
     *
     * @return the default limits
     */
    public static ReplayLogLimits defaults() {
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
     * Events kept per stream; older ones are trimmed.
     *
     * @return events kept per stream; older ones are trimmed
     */
    public int maxEventsPerStream() {
        return maxEventsPerStream;
    }

    /**
     * How long an event is kept; a stream with no append or read for twice this long is forgotten,
     * and its next event starts a new epoch.
     *
     * @return how long an event is kept; a stream with no append or read for twice this long is
     *     forgotten, and its next event starts a new epoch
     */
    public Duration maxAge() {
        return maxAge;
    }

    /**
     * Encoded bytes kept over all streams; beyond it whole streams are evicted (least recently used
     * first) and start a new epoch.
     *
     * @return encoded bytes kept over all streams; beyond it whole streams are evicted (least
     *     recently used first) and start a new epoch
     */
    public long maxTotalBytes() {
        return maxTotalBytes;
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
        if (!(other instanceof ReplayLogLimits that)) {
            return false;
        }
        return maxEventsPerStream == that.maxEventsPerStream
                && maxAge.equals(that.maxAge)
                && maxTotalBytes == that.maxTotalBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxEventsPerStream, maxAge, maxTotalBytes);
    }

    @Override
    public String toString() {
        return "ReplayLogLimits[maxEventsPerStream=" + maxEventsPerStream
                + ", maxAge=" + maxAge
                + ", maxTotalBytes=" + maxTotalBytes
                + "]";
    }

    /** Builds {@link ReplayLogLimits}. Not thread-safe. */
    public static final class Builder {
        private int maxEventsPerStream = 1000;
        private Duration maxAge = Duration.ofSeconds(180);
        private long maxTotalBytes = 64L * 1024 * 1024;

        private Builder() {
        }

        private Builder(ReplayLogLimits base) {
            this.maxEventsPerStream = base.maxEventsPerStream;
            this.maxAge = base.maxAge;
            this.maxTotalBytes = base.maxTotalBytes;
        }

        /**
         * Events per stream. Default 1,000.
         *
         * @param value positive
         * @return this builder
         */
        public Builder maxEventsPerStream(int value) {
            this.maxEventsPerStream = value;
            return this;
        }

        /**
         * Age of the oldest kept event. Default 180 s.
         *
         * @param value positive
         * @return this builder
         */
        public Builder maxAge(Duration value) {
            this.maxAge = value;
            return this;
        }

        /**
         * Bytes over all streams. Default 64 MiB.
         *
         * @param value positive
         * @return this builder
         */
        public Builder maxTotalBytes(long value) {
            this.maxTotalBytes = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the limits
         */
        public ReplayLogLimits build() {
            return new ReplayLogLimits(maxEventsPerStream, maxAge, maxTotalBytes);
        }
    }
}
