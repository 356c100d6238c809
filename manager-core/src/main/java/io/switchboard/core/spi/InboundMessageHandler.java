package io.switchboard.core.spi;

/**
 * Receives the application messages clients send. Supplied by the application through the
 * manager's builder.
 *
 * <h2>Threading</h2>
 * Called on the transport thread that received the frame, one message at a time per connection, in
 * the order the connection received them. Messages of different connections may arrive
 * concurrently. The handler must not block: hand long work to an executor of the application's.
 *
 * <h2>Errors</h2>
 * Throwing {@link InboundRejection} sends the client an {@code error} frame with the rejection's
 * code and message (per-message authorization, validation). Any other exception sends an
 * {@code error} frame with code {@code handler_failed} and a generic message; it is logged without
 * the payload. Neither closes the connection.
 */
@FunctionalInterface
public interface InboundMessageHandler {

    /**
     * Handles one message.
     *
     * @param message the validated message
     * @throws InboundRejection to refuse the message with a code the client sees
     */
    void onMessage(InboundMessage message);
}
