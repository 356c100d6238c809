package io.switchboard.core.event;

import java.util.Objects;

/**
 * A streamed message is complete: wire type {@value #TYPE}. A lifecycle event, never dropped; no
 * delta of the message follows it.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param messageId the message
 */
public record MessageCompleted(String messageId) implements AgentEvent {

    /** The wire name of this event. */
    public static final String TYPE = "message_completed";

    /**
     * Creates the event.
     *
     * @param messageId the message
     * @throws NullPointerException if {@code messageId} is null
     */
    public MessageCompleted {
        Objects.requireNonNull(messageId, "messageId");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
