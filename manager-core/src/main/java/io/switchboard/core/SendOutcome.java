package io.switchboard.core;

import java.util.Objects;

/**
 * What a send did, so that a caller can act on it (retry, store, tell the agent nobody listens).
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param status the overall result
 * @param queuedLocal how many local connections the frame was queued for
 * @param forwardedInstances how many other instances of the cluster the frame was forwarded to (0
 *     on a single instance)
 * @param failedLocal how many local targets could not take the frame (closed, or queue overflow)
 */
public record SendOutcome(
        SendStatus status, int queuedLocal, int forwardedInstances, int failedLocal) {

    /**
     * Validates the outcome.
     *
     * @throws IllegalArgumentException if a count is negative
     */
    public SendOutcome {
        Objects.requireNonNull(status, "status");
        if (queuedLocal < 0 || forwardedInstances < 0 || failedLocal < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /**
     * An outcome with no target reached, for {@code status}.
     *
     * @param status why nothing was queued
     * @return the outcome
     */
    public static SendOutcome of(SendStatus status) {
        return new SendOutcome(status, 0, 0, 0);
    }

    /**
     * Whether the frame was queued for at least one connection here or handed to another instance.
     *
     * @return {@code true} if someone may receive it
     */
    public boolean reachedAnyone() {
        return queuedLocal > 0 || forwardedInstances > 0;
    }
}
