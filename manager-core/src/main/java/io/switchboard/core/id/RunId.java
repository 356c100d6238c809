package io.switchboard.core.id;

import io.switchboard.core.internal.IdRules;

/**
 * Identifies one agent run; the manager maps a run to the user and thread it belongs to.
 *
 * <p>Valid ids are 1 to 128 characters from {@code [A-Za-z0-9._:@/-]}. Instances are immutable and
 * safe to share between threads.
 *
 * @param value the id as it appears on the wire
 */
public record RunId(String value) {

    /**
     * Validates the id.
     *
     * @param value the id as it appears on the wire
     * @throws IllegalArgumentException if {@code value} is null, blank, longer than 128 characters
     * or contains a character outside the allowed set; the message names the value
     */
    public RunId {
        IdRules.require("run id", value);
    }

    /**
     * Creates a validated id.
     *
     * @param value the id
     * @return the id
     * @throws IllegalArgumentException if {@code value} is not a valid id
     */
    public static RunId of(String value) {
        return new RunId(value);
    }

    /** Returns the bare id, as it appears on the wire. */
    @Override
    public String toString() {
        return value;
    }
}
