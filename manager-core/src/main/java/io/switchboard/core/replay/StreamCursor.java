package io.switchboard.core.replay;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a client is in a stream: the last {@code seq} it received in the given {@code epoch}.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param stream the stream
 * @param epoch the epoch the client saw, or empty if it saw no event of the stream yet
 * @param seq the last seq received; 0 if none
 */
public record StreamCursor(StreamId stream, Optional<String> epoch, long seq) {

    /**
     * Validates the cursor.
     *
     * @param stream the stream
     * @param epoch the epoch the client saw, or empty if it saw no event of the stream yet
     * @param seq the last seq received; 0 if none
     * @throws IllegalArgumentException if {@code seq} is negative
     */
    public StreamCursor {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(epoch, "epoch");
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative, was " + seq);
        }
    }
}
