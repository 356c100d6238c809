package io.switchboard.core.event;

import java.util.Objects;

/**
 * A run starts streaming a message: wire type {@value #TYPE}. A lifecycle event, never dropped;
 * the message's {@link MessageDelta}s follow, then its {@link MessageCompleted}.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param messageId identifies the message within its run
 * @param kind whether the message is the answer or the model's reasoning
 */
public record MessageStarted(String messageId, MessageKind kind) implements AgentEvent {

    /** The wire name of this event. */
    public static final String TYPE = "message_started";

    /**
     * Creates the event.
     *
     * @param messageId identifies the message within its run
     * @param kind whether the message is the answer or the model's reasoning
     * @throws NullPointerException if an argument is null
     */
    public MessageStarted {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
