package io.switchboard.core.event;

import java.util.Objects;

/**
 * The next characters of a tool call's arguments as the model generates them: wire type
 * {@value #TYPE}. They come before {@link ToolExecuting}, which carries the arguments whole.
 * Never dropped; merged under backpressure like {@link MessageDelta}.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param toolCallId the call, as {@link ToolExecuting} will name it
 * @param toolName the tool
 * @param argumentsDelta the next characters of the arguments (usually JSON text); never empty
 */
public record ToolCallDelta(String toolCallId, String toolName, String argumentsDelta)
        implements AgentEvent {

    /** The wire name of this event. */
    public static final String TYPE = "tool_call_delta";

    /**
     * Creates the event.
     *
     * @param toolCallId the call, as {@link ToolExecuting} will name it
     * @param toolName the tool
     * @param argumentsDelta the next characters of the arguments (usually JSON text); never empty
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code argumentsDelta} is empty
     */
    public ToolCallDelta {
        Objects.requireNonNull(toolCallId, "toolCallId");
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(argumentsDelta, "argumentsDelta");
        if (argumentsDelta.isEmpty()) {
            throw new IllegalArgumentException("a tool call delta must not be empty");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Describes the delta by size only: arguments never reach logs. */
    @Override
    public String toString() {
        return "ToolCallDelta[" + toolCallId + ", " + toolName + ", " + argumentsDelta.length()
                + " chars]";
    }
}
