package io.switchboard.core.event;

import java.util.Objects;

/**
 * A run waits for the user's decision (a human-in-the-loop step): wire type {@value #TYPE}. A
 * lifecycle event, never dropped and replayed like any event of the run. The user answers with an
 * {@code approval} frame from any tab; every tab then receives {@link ApprovalDecided}.
 *
 * <p>Immutable as long as the details are not changed after the event is sent; safe to share
 * between threads.
 *
 * @param requestId identifies the request; unique among the user's pending requests
 * @param toolCallId the tool call the request is about, or null
 * @param title what the user is asked (for example {@code "Allow web search?"})
 * @param details anything more to show, serialized with Jackson; may be null
 */
public record ApprovalRequested(String requestId, String toolCallId, String title, Object details)
        implements AgentEvent {

    /** The wire name of this event. */
    public static final String TYPE = "approval_requested";

    /**
     * Creates the event.
     *
     * @param requestId identifies the request; unique among the user's pending requests
     * @param toolCallId the tool call the request is about, or null
     * @param title what the user is asked (for example {@code "Allow web search?"})
     * @param details anything more to show, serialized with Jackson; may be null
     * @throws NullPointerException if {@code requestId} or {@code title} is null
     */
    public ApprovalRequested {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(title, "title");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
