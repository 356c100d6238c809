package io.switchboard.core.event;

import java.util.Objects;

/**
 * The user asked to stop a run: wire type {@value #TYPE}. The manager sends it to the run's thread
 * when it accepts a client's {@code cancel} frame, so every tab knows; a lifecycle event. The run
 * itself ends with {@link AgentCompleted} once the application stopped it.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param runId the run
 */
public record CancelRequested(String runId) implements AgentEvent {

    /** The wire name of this event. */
    public static final String TYPE = "cancel_requested";

    /**
     * Creates the event.
     *
     * @param runId the run
     * @throws NullPointerException if {@code runId} is null
     */
    public CancelRequested {
        Objects.requireNonNull(runId, "runId");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
