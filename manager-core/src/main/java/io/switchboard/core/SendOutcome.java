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
 * @param failedRemote how many other instances holding targets could not be handed the frame
 *     (Redis unreachable...): for rooms, broadcasts and single-connection sends those targets miss
 *     it; a stored stream event still reaches them from the log
 * @param stored whether the event is in its stream's replay log, so that resuming clients get it
 */
public record SendOutcome(SendStatus status, int queuedLocal, int forwardedInstances,
        int failedLocal, int failedRemote, boolean stored) {

    /**
     * Validates the outcome.
     *
     * @param status the overall result
     * @param queuedLocal how many local connections the frame was queued for
     * @param forwardedInstances how many other instances of the cluster the frame was forwarded to
     * @param failedLocal how many local targets could not take the frame
     * @param failedRemote how many other instances holding targets could not be handed the frame
     * @param stored whether the event is in its stream's replay log
     * @throws IllegalArgumentException if a count is negative
     */
    public SendOutcome {
        Objects.requireNonNull(status, "status");
        if (queuedLocal < 0 || forwardedInstances < 0 || failedLocal < 0 || failedRemote < 0) {
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
        return new SendOutcome(status, 0, 0, 0, 0, false);
    }

    /**
     * Whether the send may be retried: nothing was stored and nobody reached, or it is not known
     * whether the log stored it, for a reason that can pass ({@link SendStatus#FAILED},
     * {@link SendStatus#STORE_FAILED}, {@link SendStatus#STORE_UNCONFIRMED}).
     *
     * @return {@code true} for a transient failure
     */
    public boolean transientFailure() {
        return status == SendStatus.FAILED || status == SendStatus.STORE_FAILED
                || status == SendStatus.STORE_UNCONFIRMED;
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
