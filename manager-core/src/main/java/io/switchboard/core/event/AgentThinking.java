package io.switchboard.core.event;

import java.util.Objects;

/**
 * Progress of a run's reasoning: wire type {@value #TYPE}. The only critical event that is
 * {@linkplain #droppable() droppable}: under pressure a newer update may replace an older one.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param thought the text to show (a summary of what the agent is doing)
 * @param step the step number within the run, starting at 1; later steps supersede earlier ones
 */
public record AgentThinking(String thought, int step) implements AgentEvent {

    /** The wire name of this event. */
    public static final String TYPE = "agent_thinking";

    /**
     * Creates the event.
     *
     * @param thought the text to show (a summary of what the agent is doing)
     * @param step the step number within the run, starting at 1; later steps supersede earlier ones
     * @throws NullPointerException if {@code thought} is null
     * @throws IllegalArgumentException if {@code step} is less than 1
     */
    public AgentThinking {
        Objects.requireNonNull(thought, "thought");
        if (step < 1) {
            throw new IllegalArgumentException("step must be at least 1, was " + step);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean droppable() {
        return true;
    }
}
