package io.switchboard.core.replay;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the in-memory replay log. Immutable; build with {@link #builder()}.
 *
 * @param maxEventsPerStream events kept per stream; older ones are trimmed
 * @param maxAge how long an event is kept; a stream with no append or read for twice this long
 *     is forgotten, and its next event starts a new epoch
 * @param maxTotalBytes encoded bytes kept over all streams; beyond it whole streams are evicted
 *     (least recently used first) and start a new epoch
 */
public record ReplayLogLimits(int maxEventsPerStream, Duration maxAge, long maxTotalBytes) {

    /**
     * Validates the limits.
     *
     * @param maxEventsPerStream events kept per stream; older ones are trimmed
     * @param maxAge how long an event is kept; a stream with no append or read for twice this long
     *     is forgotten, and its next event starts a new epoch
     * @param maxTotalBytes encoded bytes kept over all streams; beyond it whole streams are evicted
     *     (least recently used first) and start a new epoch
     * @throws IllegalArgumentException naming the first invalid limit and its value
     */
    public ReplayLogLimits {
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

    /** Builds {@link ReplayLogLimits}. Not thread-safe. */
    public static final class Builder {
        private int maxEventsPerStream = 1000;
        private Duration maxAge = Duration.ofSeconds(180);
        private long maxTotalBytes = 64L * 1024 * 1024;

        private Builder() {
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
