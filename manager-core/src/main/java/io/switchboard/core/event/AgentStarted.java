package io.switchboard.core.event;

import java.util.Objects;

/**
 * A run has started: wire type {@value #TYPE}. A lifecycle event, never dropped.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param agentName the agent that runs, for display (for example {@code "research-assistant"})
 */
public record AgentStarted(String agentName) implements AgentEvent {

    /** The wire name of this event. */
    public static final String TYPE = "agent_started";

    /**
     * Creates the event.
     *
     * @param agentName the agent that runs, for display (for example {@code "research-assistant"})
     * @throws NullPointerException if {@code agentName} is null
     */
    public AgentStarted {
        Objects.requireNonNull(agentName, "agentName");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
