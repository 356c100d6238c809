package io.switchboard.core.id;

import io.switchboard.core.internal.IdRules;
import java.util.UUID;

/**
 * Identifies one WebSocket connection (a tab or a device) for its whole life.
 *
 * <p>Valid ids are 1 to 128 characters from {@code [A-Za-z0-9._:@/-]}. Instances are immutable and
 * safe to share between threads.
 *
 * @param value the id as it appears on the wire
 */
public record ConnectionId(String value) {

    /**
     * Validates the id.
     *
     * @param value the id as it appears on the wire
     * @throws IllegalArgumentException if {@code value} is null, blank, longer than 128 characters
     * or contains a character outside the allowed set; the message names the value
     */
    public ConnectionId {
        IdRules.require("connection id", value);
    }

    /**
     * Creates a validated id.
     *
     * @param value the id
     * @return the id
     * @throws IllegalArgumentException if {@code value} is not a valid id
     */
    public static ConnectionId of(String value) {
        return new ConnectionId(value);
    }

    /**
     * Creates a new random connection id (a UUID), unique for practical purposes.
     *
     * @return a fresh id
     */
    public static ConnectionId random() {
        return new ConnectionId(UUID.randomUUID().toString());
    }

    /** Returns the bare id, as it appears on the wire. */
    @Override
    public String toString() {
        return value;
    }
}
