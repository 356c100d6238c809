package io.switchboard.heartbeat;

import java.time.Duration;
import java.util.Objects;

/**
 * How often connections are pinged and how long a pong may take. Immutable and thread-safe. The
 * profiles {@link #production()} (also {@link #defaults()}), {@link #staging()} and
 * {@link #development()} are configs; {@link #builder()} starts from the defaults and
 * {@link #toBuilder()} derives a changed copy of any config, for example
 * {@code HeartbeatConfig.staging().toBuilder().interval(Duration.ofSeconds(15)).build()}. Invalid
 * values fail when the config is built, naming the value.
 *
 * <p>A dead peer is detected within {@code interval + timeout + tick} of its last sign of life; a
 * connection that sent any traffic since the ping counts as alive.
 */
public final class HeartbeatConfig {

    private final Duration interval;
    private final Duration timeout;
    private final Duration suspectAfter;
    private final Duration tick;

    private HeartbeatConfig(Duration interval, Duration timeout, Duration suspectAfter,
            Duration tick) {
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
        this.interval = interval;
        this.timeout = timeout;
        this.suspectAfter = suspectAfter;
        this.tick = tick;
    }

    /**
     * Production (the legacy values), the defaults: ping every 30 s, drop after 10 s without an
     * answer, suspect after 5 s, 100 ms resolution.
     *
     * @return the profile
     */
    public static HeartbeatConfig production() {
        return new HeartbeatConfig(Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofMillis(100));
    }

    /**
     * Staging: ping every 20 s, drop after 10 s, suspect after 5 s, 100 ms resolution.
     *
     * @return the profile
     */
    public static HeartbeatConfig staging() {
        return new HeartbeatConfig(Duration.ofSeconds(20), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofMillis(100));
    }

    /**
     * Development (lenient, so a paused debugger does not lose its connections): ping every 60 s,
     * drop after 120 s, suspect after 30 s, 500 ms resolution.
     *
     * @return the profile
     */
    public static HeartbeatConfig development() {
        return new HeartbeatConfig(Duration.ofSeconds(60), Duration.ofSeconds(120),
                Duration.ofSeconds(30), Duration.ofMillis(500));
    }

    /**
     * The defaults: the {@link #production()} profile.
     *
     * @return the defaults
     */
    public static HeartbeatConfig defaults() {
        return production();
    }

    /**
     * A builder holding the defaults (the production profile).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return production().toBuilder();
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /**
     * Time between two pings of one connection.
     *
     * @return time between two pings of one connection
     */
    public Duration interval() {
        return interval;
    }

    /**
     * How long after a ping the connection is dropped if it has sent nothing.
     *
     * @return how long after a ping the connection is dropped if it has sent nothing
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * How long after a ping a silent connection is marked suspect; one that then answers before the
     * timeout counts as a resurrection.
     *
     * @return how long after a ping a silent connection is marked suspect; one that then answers
     *     before the timeout counts as a resurrection
     */
    public Duration suspectAfter() {
        return suspectAfter;
    }

    /**
     * The timer's resolution: how late an action may run.
     *
     * @return the timer's resolution: how late an action may run
     */
    public Duration tick() {
        return tick;
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
        if (!(other instanceof HeartbeatConfig that)) {
            return false;
        }
        return interval.equals(that.interval)
                && timeout.equals(that.timeout)
                && suspectAfter.equals(that.suspectAfter)
                && tick.equals(that.tick);
    }

    @Override
    public int hashCode() {
        return Objects.hash(interval, timeout, suspectAfter, tick);
    }

    @Override
    public String toString() {
        return "HeartbeatConfig[interval=" + interval
                + ", timeout=" + timeout
                + ", suspectAfter=" + suspectAfter
                + ", tick=" + tick
                + "]";
    }

    /** Builds a {@link HeartbeatConfig}. Not thread-safe. */
    public static final class Builder {
        private Duration interval;
        private Duration timeout;
        private Duration suspectAfter;
        private Duration tick;

        private Builder(HeartbeatConfig base) {
            this.interval = base.interval;
            this.timeout = base.timeout;
            this.suspectAfter = base.suspectAfter;
            this.tick = base.tick;
        }

        /**
         * Time between pings of one connection. Default 30 s.
         *
         * @param value positive
         * @return this builder
         */
        public Builder interval(Duration value) {
            this.interval = value;
            return this;
        }

        /**
         * Time after a ping before a silent connection is dropped. Default 10 s.
         *
         * @param value positive, longer than {@code suspectAfter}
         * @return this builder
         */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /**
         * Time after a ping before a silent connection is suspect. Default 5 s.
         *
         * @param value positive, shorter than {@code timeout}
         * @return this builder
         */
        public Builder suspectAfter(Duration value) {
            this.suspectAfter = value;
            return this;
        }

        /**
         * The timer's resolution. Default 100 ms.
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
