package io.switchboard.core.spi;

import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * An application message a client sent (a {@code "message"} frame), already validated: its user
 * is the connection's authenticated user, never a value taken from the frame.
 *
 * @param user the authenticated user of the sending connection
 * @param connection the sending connection
 * @param thread the thread the message is about, if the frame named one
 * @param payloadJson the frame's {@code payload} member as compact JSON text ({@code null} becomes
 *     {@code "null"})
 */
public record InboundMessage(
        UserId user, ConnectionId connection, Optional<ThreadId> thread, String payloadJson) {

    /**
     * Creates the message.
     *
     * @param user the authenticated user of the sending connection
     * @param connection the sending connection
     * @param thread the thread the message is about, if the frame named one
     * @param payloadJson the frame's {@code payload} member as compact JSON text ({@code null} becomes
     *     {@code "null"})
     * @throws NullPointerException if any component is null
     */
    public InboundMessage {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(payloadJson, "payloadJson");
    }

    /** Describes the message without its payload, which never reaches logs. */
    @Override
    public String toString() {
        return "InboundMessage[user=" + user + ", connection=" + connection + ", thread="
                + thread.map(ThreadId::value).orElse("-") + ", " + payloadJson.length()
                + " chars]";
    }
}
