package io.switchboard.core.emit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How an {@link AgentEmitter} retries a transient failure: exponential backoff with jitter.
 * Immutable.
 *
 * @param maxAttempts attempts in all, the first included (1 means no retry)
 * @param initialDelay the delay before the second attempt
 * @param maxDelay the longest delay between attempts
 * @param multiplier how much each delay grows
 * @param jitter the random share of each delay, from 0 (none) to 1 (the delay is uniform in
 *     {@code [0, delay]})
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay,
        double multiplier, double jitter) {

    /**
     * Validates the policy.
     *
     * @param maxAttempts attempts in all, the first included (1 means no retry)
     * @param initialDelay the delay before the second attempt
     * @param maxDelay the longest delay between attempts
     * @param multiplier how much each delay grows
     * @param jitter the random share of each delay, from 0 (none) to 1 (the delay is uniform in
     *     {@code [0, delay]})
     * @throws IllegalArgumentException naming the first invalid value
     */
    public RetryPolicy {
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
    }

    /**
     * The default: 5 attempts, 50 ms doubling up to 2 s, 20 % jitter.
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(50), Duration.ofSeconds(2), 2.0, 0.2);
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
}
