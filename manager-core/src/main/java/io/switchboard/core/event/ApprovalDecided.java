package io.switchboard.core.event;

import java.util.Objects;

/**
 * The user decided an {@link ApprovalRequested}: wire type {@value #TYPE}. The manager sends it
 * to the run's thread when it accepts a client's {@code approval} frame, so every tab agrees; a
 * lifecycle event.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param requestId the request
 * @param decision the decision
 * @param comment what the user added, or null
 */
public record ApprovalDecided(String requestId, Decision decision, String comment)
        implements AgentEvent {

    /** The wire name of this event. */
    public static final String TYPE = "approval_decided";

    /** A user's answer to an approval request; on the wire in lower case. */
    public enum Decision {
        /** The run may go on as asked. */
        APPROVED,
        /** The run must not do what it asked. */
        REJECTED
    }

    /**
     * Creates the event.
     *
     * @param requestId the request
     * @param decision the decision
     * @param comment what the user added, or null
     * @throws NullPointerException if {@code requestId} or {@code decision} is null
     */
    public ApprovalDecided {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(decision, "decision");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
