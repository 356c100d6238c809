package io.switchboard.core.event;

import java.util.Objects;

/**
 * The next characters of a streamed message: wire type {@value #TYPE}. Never dropped: under
 * backpressure consecutive deltas of one message are merged by concatenation into one frame that
 * names the first and last seq it covers. The message's text is the concatenation of its deltas.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param messageId the message, as named by its {@link MessageStarted}
 * @param delta the next characters; never empty
 */
public record MessageDelta(String messageId, String delta) implements AgentEvent {

    /** The wire name of this event. */
    public static final String TYPE = "message_delta";

    /**
     * Creates the event.
     *
     * @param messageId the message, as named by its {@link MessageStarted}
     * @param delta the next characters; never empty
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code delta} is empty
     */
    public MessageDelta {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(delta, "delta");
        if (delta.isEmpty()) {
            throw new IllegalArgumentException("a message delta must not be empty");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Describes the delta by size only: message text never reaches logs. */
    @Override
    public String toString() {
        return "MessageDelta[" + messageId + ", " + delta.length() + " chars]";
    }
}
