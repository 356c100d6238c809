package io.switchboard.core.event;

import java.util.Map;
import java.util.Objects;

/**
 * A run has started a tool call: wire type {@value #TYPE}. A lifecycle event, never dropped.
 *
 * <p>Immutable (the arguments are copied); safe to share between threads.
 *
 * @param toolCallId identifies this call, so that the matching {@link ToolCompleted} can be paired
 * @param toolName the tool's name (for example {@code "web_search"})
 * @param arguments the call's arguments; serialized with Jackson, copied on construction
 */
public record ToolExecuting(String toolCallId, String toolName, Map<String, Object> arguments)
        implements AgentEvent {

    /** The wire name of this event. */
    public static final String TYPE = "tool_executing";

    /**
     * Creates the event.
     *
     * @param toolCallId identifies this call, so that the matching {@link ToolCompleted} can be paired
     * @param toolName the tool's name (for example {@code "web_search"})
     * @param arguments the call's arguments; serialized with Jackson, copied on construction
     * @throws NullPointerException if any argument, or any key or value of {@code arguments}, is
     * null
     */
    public ToolExecuting {
        Objects.requireNonNull(toolCallId, "toolCallId");
        Objects.requireNonNull(toolName, "toolName");
        arguments = Map.copyOf(Objects.requireNonNull(arguments, "arguments"));
    }

    @Override
    public String type() {
        return TYPE;
    }
}
