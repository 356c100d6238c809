package io.switchboard.core.emit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How an {@link AgentEmitter} retries a transient failure: exponential backoff with jitter.
 * Immutable and thread-safe; {@link #defaults()} is the policy with every default,
 * {@link #builder()} starts from the defaults (each documented on its builder method), and
 * {@link #toBuilder()} derives a changed copy. Invalid values fail when the policy is built,
 * naming the value.
 */
public final class RetryPolicy {

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double multiplier;
    private final double jitter;

    private RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay,
            double multiplier, double jitter) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= initialDelay ("
                    + initialDelay + ") <= maxDelay (" + maxDelay + ")");
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be within [0, 1], was " + jitter);
        }
        this.maxAttempts = maxAttempts;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.multiplier = multiplier;
        this.jitter = jitter;
    }

    /**
     * The default: 5 attempts, 50 ms doubling up to 2 s, 20 % jitter.
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
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
     * The delay before attempt {@code attempt + 1}.
     *
     * @param attempt the attempt that just failed, from 1
     * @return the delay, jitter applied
     */
    public Duration delayAfter(int attempt) {
        double base = initialDelay.toNanos() * Math.pow(multiplier, attempt - 1);
        double capped = Math.min(base, maxDelay.toNanos());
        double jittered = capped * (1 - jitter * ThreadLocalRandom.current().nextDouble());
        return Duration.ofNanos((long) jittered);
    }

    /**
     * Attempts in all, the first included (1 means no retry).
     *
     * @return attempts in all, the first included (1 means no retry)
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The delay before the second attempt.
     *
     * @return the delay before the second attempt
     */
    public Duration initialDelay() {
        return initialDelay;
    }

    /**
     * The longest delay between attempts.
     *
     * @return the longest delay between attempts
     */
    public Duration maxDelay() {
        return maxDelay;
    }

    /**
     * How much each delay grows.
     *
     * @return how much each delay grows
     */
    public double multiplier() {
        return multiplier;
    }

    /**
     * The random share of each delay, from 0 (none) to 1 (the delay is uniform in {@code [0,
     * delay]}).
     *
     * @return the random share of each delay, from 0 (none) to 1 (the delay is uniform in {@code
     *     [0, delay]})
     */
    public double jitter() {
        return jitter;
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
        if (!(other instanceof RetryPolicy that)) {
            return false;
        }
        return maxAttempts == that.maxAttempts
                && initialDelay.equals(that.initialDelay)
                && maxDelay.equals(that.maxDelay)
                && Double.compare(multiplier, that.multiplier) == 0
                && Double.compare(jitter, that.jitter) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, initialDelay, maxDelay, multiplier, jitter);
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts
                + ", initialDelay=" + initialDelay
                + ", maxDelay=" + maxDelay
                + ", multiplier=" + multiplier
                + ", jitter=" + jitter
                + "]";
    }

    /** Builds a {@link RetryPolicy}. Not thread-safe. */
    public static final class Builder {
        private int maxAttempts = 5;
        private Duration initialDelay = Duration.ofMillis(50);
        private Duration maxDelay = Duration.ofSeconds(2);
        private double multiplier = 2.0;
        private double jitter = 0.2;

        private Builder() {
        }

        private Builder(RetryPolicy base) {
            this.maxAttempts = base.maxAttempts;
            this.initialDelay = base.initialDelay;
            this.maxDelay = base.maxDelay;
            this.multiplier = base.multiplier;
            this.jitter = base.jitter;
        }

        /**
         * Attempts in all, the first included. Default 5.
         *
         * @param value at least 1 (1 means no retry)
         * @return this builder
         */
        public Builder maxAttempts(int value) {
            this.maxAttempts = value;
            return this;
        }

        /**
         * Delay before the second attempt. Default 50 ms.
         *
         * @param value zero or positive, at most {@code maxDelay}
         * @return this builder
         */
        public Builder initialDelay(Duration value) {
            this.initialDelay = value;
            return this;
        }

        /**
         * Longest delay between attempts. Default 2 s.
         *
         * @param value at least {@code initialDelay}
         * @return this builder
         */
        public Builder maxDelay(Duration value) {
            this.maxDelay = value;
            return this;
        }

        /**
         * Growth of each delay. Default 2.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder multiplier(double value) {
            this.multiplier = value;
            return this;
        }

        /**
         * Random share of each delay. Default 0.2 (20 %).
         *
         * @param value from 0 (none) to 1 (the delay is uniform in {@code [0, delay]})
         * @return this builder
         */
        public Builder jitter(double value) {
            this.jitter = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the policy
         * @throws IllegalArgumentException naming the first invalid value
         */
        public RetryPolicy build() {
            return new RetryPolicy(maxAttempts, initialDelay, maxDelay, multiplier, jitter);
        }
    }
}
