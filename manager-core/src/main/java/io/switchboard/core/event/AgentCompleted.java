package io.switchboard.core.event;

import java.util.Objects;

/**
 * A run has ended: wire type {@value #TYPE}. A lifecycle event, never dropped; the last event of
 * its run.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param status how the run ended
 * @param answer the final answer shown to the user; may be null when the run failed
 * @param error why the run failed or was cancelled; null when it succeeded
 */
public record AgentCompleted(Status status, String answer, String error) implements AgentEvent {

    /** The wire name of this event. */
    public static final String TYPE = "agent_completed";

    /** How a run ended; on the wire in lower case. */
    public enum Status {
        /** The run produced its answer. */
        SUCCEEDED,
        /** The run stopped on an error. */
        FAILED,
        /** The run was stopped on request. */
        CANCELLED
    }

    /**
     * Creates the event.
     *
     * @param status how the run ended
     * @param answer the final answer shown to the user; may be null when the run failed
     * @param error why the run failed or was cancelled; null when it succeeded
     * @throws NullPointerException if {@code status} is null
     * @throws IllegalArgumentException if a succeeded run carries an error or lacks an answer
     */
    public AgentCompleted {
        Objects.requireNonNull(status, "status");
        if (status == Status.SUCCEEDED && (answer == null || error != null)) {
            throw new IllegalArgumentException("a succeeded run has an answer and no error");
        }
    }

    /**
     * A run that produced {@code answer}.
     *
     * @param answer the final answer
     * @return the event
     */
    public static AgentCompleted succeeded(String answer) {
        return new AgentCompleted(Status.SUCCEEDED, answer, null);
    }

    /**
     * A run that stopped on an error.
     *
     * @param error a description fit to show the user (never a stack trace or a secret)
     * @return the event
     */
    public static AgentCompleted failed(String error) {
        return new AgentCompleted(Status.FAILED, null, Objects.requireNonNull(error, "error"));
    }

    /**
     * A run stopped on request (for example after a client's {@code cancel}).
     *
     * @param reason why, fit to show the user; may be null
     * @return the event
     */
    public static AgentCompleted cancelled(String reason) {
        return new AgentCompleted(Status.CANCELLED, null, reason);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
