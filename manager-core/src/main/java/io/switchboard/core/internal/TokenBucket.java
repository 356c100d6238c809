package io.switchboard.core.internal;

import io.switchboard.core.InboundRateLimit;

/**
 * A frame bucket and a byte bucket that refill continuously, taken from together: a frame passes
 * only if both hold enough. Time comes from the caller (the manager's ticker), so tests can drive
 * it. Thread-safe: a user's bucket is shared by the threads of all that user's connections; the
 * lock is held for a few arithmetic operations.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double framesPerNano;
    private final double frameBurst;
    private final double bytesPerNano;
    private final double byteBurst;
    private double frames;
    private double bytes;
    private long refilledAt;

    TokenBucket(InboundRateLimit.Rate rate, long nowNanos) {
        this.framesPerNano = rate.framesPerSecond() / NANOS_PER_SECOND;
        this.frameBurst = rate.frameBurst();
        this.bytesPerNano = rate.bytesPerSecond() / NANOS_PER_SECOND;
        this.byteBurst = rate.byteBurst();
        this.frames = frameBurst;
        this.bytes = byteBurst;
        this.refilledAt = nowNanos;
    }

    /** Takes one frame of {@code size} bytes if both buckets hold enough; else takes nothing. */
    synchronized boolean tryTake(long size, long nowNanos) {
        long elapsed = nowNanos - refilledAt;
        if (elapsed > 0) {
            frames = Math.min(frameBurst, frames + elapsed * framesPerNano);
            bytes = Math.min(byteBurst, bytes + elapsed * bytesPerNano);
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
    synchronized void refund(long size) {
        frames = Math.min(frameBurst, frames + 1);
        bytes = Math.min(byteBurst, bytes + size);
    }
}
