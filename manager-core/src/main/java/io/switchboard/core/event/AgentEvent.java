package io.switchboard.core.event;

/**
 * An event that an agent run sends to a user: the five critical lifecycle events, the streamed
 * answer ({@link MessageStarted}, {@link MessageDelta}, {@link MessageCompleted},
 * {@link ToolCallDelta}), the human-in-the-loop and control events ({@link ApprovalRequested},
 * {@link ApprovalDecided}, {@link CancelRequested}), or an application-defined
 * {@link ApplicationEvent}.
 *
 * <p>An event is only the payload. Where it goes (user, thread, run, room) is decided by the
 * manager call that sends it, which also fills the wire envelope's {@code run_id},
 * {@code thread_id}, {@code stream}, {@code seq}, {@code epoch} and {@code ts}. The event's record
 * components become the envelope's {@code payload}, with names in snake_case.
 *
 * <p>All implementations are immutable records and safe to share between threads.
 */
public sealed interface AgentEvent
        permits AgentStarted, AgentThinking, ToolExecuting, ToolCompleted, AgentCompleted,
                MessageStarted, MessageDelta, MessageCompleted, ToolCallDelta, ApprovalRequested,
                ApprovalDecided, CancelRequested, ApplicationEvent {

    /**
     * The wire name of this event, the envelope's {@code type}.
     *
     * @return for example {@code "tool_executing"}
     */
    String type();

    /**
     * Whether the event may be coalesced or dropped when a connection's outbound queue is under
     * pressure. Lifecycle events never are; progress such as {@link AgentThinking} is.
     *
     * @return {@code true} if losing this event under pressure is acceptable
     */
    default boolean droppable() {
        return false;
    }
}
