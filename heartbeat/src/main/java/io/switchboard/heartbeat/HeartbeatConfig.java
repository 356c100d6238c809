package io.switchboard.heartbeat;

import java.time.Duration;
import java.util.Objects;

/**
 * How often connections are pinged and how long a pong may take. Immutable; start from a profile
 * ({@link #development()}, {@link #staging()}, {@link #production()}) or {@link #builder()}, and
 * override any value. Invalid values fail when the config is built, naming the value.
 *
 * <p>A dead peer is detected within {@code interval + timeout + tick} of its last sign of life; a
 * connection that sent any traffic since the ping counts as alive.
 *
 * @param interval time between two pings of one connection
 * @param timeout how long after a ping the connection is dropped if it has sent nothing
 * @param suspectAfter how long after a ping a silent connection is marked suspect; one that then
 *     answers before the timeout counts as a resurrection
 * @param tick the timer's resolution: how late an action may run
 */
public record HeartbeatConfig(Duration interval, Duration timeout, Duration suspectAfter,
        Duration tick) {

    /**
     * Validates the config.
     *
     * @param interval time between two pings of one connection
     * @param timeout how long after a ping the connection is dropped if it has sent nothing
     * @param suspectAfter how long after a ping a silent connection is marked suspect; one that then
     *     answers before the timeout counts as a resurrection
     * @param tick the timer's resolution: how late an action may run
     * @throws IllegalArgumentException naming the first invalid value
     */
    public HeartbeatConfig {
        positive("interval", interval);
        positive("timeout", timeout);
        positive("suspectAfter", suspectAfter);
        positive("tick", tick);
        if (suspectAfter.compareTo(timeout) >= 0) {
            throw new IllegalArgumentException("suspectAfter (" + suspectAfter
                    + ") must be shorter than timeout (" + timeout + ")");
        }
        if (tick.compareTo(suspectAfter) > 0) {
            throw new IllegalArgumentException(
                    "tick (" + tick + ") must not exceed suspectAfter (" + suspectAfter + ")");
        }
    }

    /**
     * Production (the legacy values): ping every 30 s, drop after 10 s without an answer, suspect
     * after 5 s, 100 ms resolution.
     *
     * @return a builder holding the profile
     */
    public static Builder production() {
        return new Builder(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofMillis(100));
    }

    /**
     * Staging: ping every 20 s, drop after 10 s, suspect after 5 s, 100 ms resolution.
     *
     * @return a builder holding the profile
     */
    public static Builder staging() {
        return new Builder(Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofMillis(100));
    }

    /**
     * Development (lenient, so a paused debugger does not lose its connections): ping every 60 s,
     * drop after 120 s, suspect after 30 s, 500 ms resolution.
     *
     * @return a builder holding the profile
     */
    public static Builder development() {
        return new Builder(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(30),
                Duration.ofMillis(500));
    }

    /**
     * A builder holding the production profile.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return production();
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** Builds a {@link HeartbeatConfig}. Not thread-safe. */
    public static final class Builder {
        private Duration interval;
        private Duration timeout;
        private Duration suspectAfter;
        private Duration tick;

        private Builder(Duration interval, Duration timeout, Duration suspectAfter, Duration tick) {
            this.interval = interval;
            this.timeout = timeout;
            this.suspectAfter = suspectAfter;
            this.tick = tick;
        }

        /**
         * Time between pings of one connection.
         *
         * @param value positive
         * @return this builder
         */
        public Builder interval(Duration value) {
            this.interval = value;
            return this;
        }

        /**
         * Time after a ping before a silent connection is dropped.
         *
         * @param value positive, longer than {@code suspectAfter}
         * @return this builder
         */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /**
         * Time after a ping before a silent connection is suspect.
         *
         * @param value positive, shorter than {@code timeout}
         * @return this builder
         */
        public Builder suspectAfter(Duration value) {
            this.suspectAfter = value;
            return this;
        }

        /**
         * The timer's resolution.
         *
         * @param value positive, at most {@code suspectAfter}
         * @return this builder
         */
        public Builder tick(Duration value) {
            this.tick = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the config
         */
        public HeartbeatConfig build() {
            return new HeartbeatConfig(interval, timeout, suspectAfter, tick);
        }
    }
}
