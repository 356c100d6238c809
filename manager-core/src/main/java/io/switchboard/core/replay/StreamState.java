package io.switchboard.core.replay;

import java.util.Objects;
import java.util.Optional;

/**
 * A stream's position as the log knows it.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param stream the stream
 * @param epoch the current epoch, or empty if the log holds nothing of the stream
 * @param lastSeq the seq of the newest event, 0 if none
 * @param lastLifecycle the newest lifecycle event, if the log still knows one
 */
public record StreamState(
        StreamId stream, Optional<String> epoch, long lastSeq, Optional<LifecycleMark> lastLifecycle) {

    /**
     * Checks the parts.
     *
     * @param stream the stream
     * @param epoch the current epoch, or empty if the log holds nothing of the stream
     * @param lastSeq the seq of the newest event, 0 if none
     * @param lastLifecycle the newest lifecycle event, if the log still knows one
     */
    public StreamState {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(lastLifecycle, "lastLifecycle");
    }

    /**
     * The state of a stream the log holds nothing of.
     *
     * @param stream the stream
     * @return the empty state
     */
    public static StreamState empty(StreamId stream) {
        return new StreamState(stream, Optional.empty(), 0, Optional.empty());
    }
}
