package io.switchboard.core.emit;

import io.switchboard.core.SendOutcome;
import java.util.Objects;

/**
 * What an emit finally did, after any retries.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param outcome the last attempt's outcome
 * @param attempts how many attempts were made
 */
public record EmitOutcome(SendOutcome outcome, int attempts) {

    /**
     * Checks the parts.
     *
     * @param outcome the last attempt's outcome
     * @param attempts how many attempts were made
     */
    public EmitOutcome {
        Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * Whether the event is safe: queued for someone, or stored for clients that resume.
     *
     * @return {@code true} unless the emit finally failed
     */
    public boolean succeeded() {
        return outcome.reachedAnyone() || outcome.stored();
    }
}
