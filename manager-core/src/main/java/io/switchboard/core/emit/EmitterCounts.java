package io.switchboard.core.emit;

import java.util.Objects;

/**
 * What one emitter did so far. A final class read through accessors, so that a count can be added
 * without breaking anyone.
 *
 * <p>Immutable; a snapshot, safe to share between threads.
 */
public final class EmitterCounts {

    private final long emitted;
    private final long succeeded;
    private final long retries;
    private final long failed;

    private EmitterCounts(Builder builder) {
        this.emitted = builder.emitted;
        this.succeeded = builder.succeeded;
        this.retries = builder.retries;
        this.failed = builder.failed;
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
     * Events handed to the emitter.
     *
     * @return events handed to the emitter
     */
    public long emitted() {
        return emitted;
    }

    /**
     * Events queued or stored.
     *
     * @return events queued or stored
     */
    public long succeeded() {
        return succeeded;
    }

    /**
     * Attempts beyond the first.
     *
     * @return attempts beyond the first
     */
    public long retries() {
        return retries;
    }

    /**
     * Events that finally failed.
     *
     * @return events that finally failed
     */
    public long failed() {
        return failed;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EmitterCounts that
                && emitted == that.emitted
                && succeeded == that.succeeded
                && retries == that.retries
                && failed == that.failed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(emitted, succeeded, retries, failed);
    }

    @Override
    public String toString() {
        return "EmitterCounts[emitted=" + emitted
                + ", succeeded=" + succeeded
                + ", retries=" + retries
                + ", failed=" + failed + "]";
    }

    /** Builds a {@link EmitterCounts}; every figure starts at zero. Not thread-safe. */
    public static final class Builder {
        private long emitted;
        private long succeeded;
        private long retries;
        private long failed;

        private Builder() {
        }

        /**
         * Sets {@link EmitterCounts#emitted()}.
         *
         * @param value events handed to the emitter
         * @return this builder
         */
        public Builder emitted(long value) {
            this.emitted = value;
            return this;
        }

        /**
         * Sets {@link EmitterCounts#succeeded()}.
         *
         * @param value events queued or stored
         * @return this builder
         */
        public Builder succeeded(long value) {
            this.succeeded = value;
            return this;
        }

        /**
         * Sets {@link EmitterCounts#retries()}.
         *
         * @param value attempts beyond the first
         * @return this builder
         */
        public Builder retries(long value) {
            this.retries = value;
            return this;
        }

        /**
         * Sets {@link EmitterCounts#failed()}.
         *
         * @param value events that finally failed
         * @return this builder
         */
        public Builder failed(long value) {
            this.failed = value;
            return this;
        }

        /**
         * Builds the figures.
         *
         * @return the figures
         */
        public EmitterCounts build() {
            return new EmitterCounts(this);
        }
    }
}
