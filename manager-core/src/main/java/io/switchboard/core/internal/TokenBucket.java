package io.switchboard.core.internal;

import io.switchboard.core.InboundRateLimit;

/**
 * A frame bucket and a byte bucket that refill continuously, taken from together: a frame passes
 * only if both hold enough. Time comes from the caller (the manager's ticker), so tests can drive
 * it. Thread-safe: a user's bucket is shared by the threads of all that user's connections; the
 * lock is held for a few arithmetic operations.
 */
sealed class TokenBucket permits InboundRateLimiter.Shared, InboundRateLimiter.Allowance {

    private static final double NANOS_PER_SECOND = 1e9;

    /**
     * A rate in the units the buckets refill in, computed once and shared by every bucket of that
     * rate (there is one bucket per connection and one per user, so each should hold only its
     * level).
     */
    record Refill(double framesPerNano, double frameBurst, double bytesPerNano, double byteBurst) {

        static Refill of(InboundRateLimit.Rate rate) {
            return new Refill(rate.framesPerSecond() / NANOS_PER_SECOND, rate.frameBurst(),
                    rate.bytesPerSecond() / NANOS_PER_SECOND, rate.byteBurst());
        }
    }

    private final Refill refill;
    private double frames;
    private double bytes;
    private long refilledAt;

    TokenBucket(Refill refill, long nowNanos) {
        this.refill = refill;
        this.frames = refill.frameBurst();
        this.bytes = refill.byteBurst();
        this.refilledAt = nowNanos;
    }

    /** Takes one frame of {@code size} bytes if both buckets hold enough; else takes nothing. */
    final synchronized boolean tryTake(long size, long nowNanos) {
        long elapsed = nowNanos - refilledAt;
        if (elapsed > 0) {
            frames = Math.min(refill.frameBurst(), frames + elapsed * refill.framesPerNano());
            bytes = Math.min(refill.byteBurst(), bytes + elapsed * refill.bytesPerNano());
            refilledAt = nowNanos;
        }
        if (frames < 1 || bytes < size) {
            return false;
        }
        frames -= 1;
        bytes -= size;
        return true;
    }

    /** Gives back what {@link #tryTake} took, when another bucket refused the same frame. */
    final synchronized void refund(long size) {
        frames = Math.min(refill.frameBurst(), frames + 1);
        bytes = Math.min(refill.byteBurst(), bytes + size);
    }
}
