package io.switchboard.core.id;

import io.switchboard.core.internal.IdRules;

/**
 * Identifies an end user. Every event addressed to a user reaches that user's connections only.
 *
 * <p>Valid ids are 1 to 128 characters from {@code [A-Za-z0-9._:@/-]}. Instances are immutable and
 * safe to share between threads.
 *
 * @param value the id as it appears on the wire
 */
public record UserId(String value) {

    /**
     * Validates the id.
     *
     * @param value the id as it appears on the wire
     * @throws IllegalArgumentException if {@code value} is null, blank, longer than 128 characters
     * or contains a character outside the allowed set; the message names the value
     */
    public UserId {
        IdRules.require("user id", value);
    }

    /**
     * Creates a validated id.
     *
     * @param value the id
     * @return the id
     * @throws IllegalArgumentException if {@code value} is not a valid id
     */
    public static UserId of(String value) {
        return new UserId(value);
    }

    /** Returns the bare id, as it appears on the wire. */
    @Override
    public String toString() {
        return value;
    }
}
