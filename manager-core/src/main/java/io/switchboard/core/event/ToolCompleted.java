package io.switchboard.core.event;

import java.util.Objects;

/**
 * A tool call has finished: wire type {@value #TYPE}. A lifecycle event, never dropped.
 *
 * <p>Immutable as long as the result is not changed after the event is sent; safe to share between threads.
 *
 * @param toolCallId the id of the matching {@link ToolExecuting}
 * @param toolName the tool's name
 * @param succeeded whether the tool returned normally
 * @param result what the tool returned, or a description of its failure; serialized with Jackson;
 *     may be null
 * @param durationMillis how long the call took, in milliseconds
 */
public record ToolCompleted(
        String toolCallId, String toolName, boolean succeeded, Object result, long durationMillis)
        implements AgentEvent {

    /** The wire name of this event. */
    public static final String TYPE = "tool_completed";

    /**
     * Creates the event.
     *
     * @param toolCallId the id of the matching {@link ToolExecuting}
     * @param toolName the tool's name
     * @param succeeded whether the tool returned normally
     * @param result what the tool returned, or a description of its failure; serialized with Jackson;
     *     may be null
     * @param durationMillis how long the call took, in milliseconds
     * @throws NullPointerException if {@code toolCallId} or {@code toolName} is null
     * @throws IllegalArgumentException if {@code durationMillis} is negative
     */
    public ToolCompleted {
        Objects.requireNonNull(toolCallId, "toolCallId");
        Objects.requireNonNull(toolName, "toolName");
        if (durationMillis < 0) {
            throw new IllegalArgumentException(
                    "durationMillis must not be negative, was " + durationMillis);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
