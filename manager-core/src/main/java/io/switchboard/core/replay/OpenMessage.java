package io.switchboard.core.replay;

import io.switchboard.core.id.RunId;
import java.util.Objects;
import java.util.Optional;

/**
 * A message that was still streaming when a resume failed, and how much of it the client will not
 * get: a UI can then fetch the whole message from the application instead of showing a truncated
 * answer. On the wire in {@code recovery_failed}'s {@code open_messages}.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param messageId the message
 * @param run the run streaming it, if known
 * @param lostChars characters (UTF-16 code units) of the message emitted after the client's cursor,
 *     which live events will not bring; when the cursor cannot be placed in the message (another
 *     epoch), every character the log holds of it
 */
public record OpenMessage(String messageId, Optional<RunId> run, long lostChars) {

    /**
     * Checks the parts.
     *
     * @param messageId the message
     * @param run the run streaming it, if known
     * @param lostChars characters (UTF-16 code units) of the message emitted after the client's cursor,
     *     which live events will not bring; when the cursor cannot be placed in the message (another
     *     epoch), every character the log holds of it
     * @throws IllegalArgumentException if {@code lostChars} is negative
     */
    public OpenMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(run, "run");
        if (lostChars < 0) {
            throw new IllegalArgumentException("lostChars must not be negative, was " + lostChars);
        }
    }
}
