package io.switchboard.core.replay;

import io.switchboard.core.id.RunId;
import java.util.Objects;
import java.util.Optional;

/**
 * Consecutive deltas of one message (or tool call) as a log keeps them compactly: every seq from
 * {@code seqFrom} to {@code seq} belongs to the message, and {@code part}'s text is their text,
 * concatenated. The manager sends it as one merged delta frame ({@code seq_from}..{@code seq}).
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param seqFrom the first seq covered
 * @param seq the last seq covered
 * @param epoch the stream's epoch
 * @param run the run that emitted the deltas, if any
 * @param storedAtMillis when the newest of them was stored, milliseconds since the epoch
 * @param part the message (or tool call) and the deltas' concatenated text
 */
public record StoredDelta(long seqFrom, long seq, String epoch, Optional<RunId> run,
        long storedAtMillis, MessagePart part) implements LoggedEvent {

    /**
     * Checks the parts.
     *
     * @param seqFrom the first seq covered
     * @param seq the last seq covered
     * @param epoch the stream's epoch
     * @param run the run that emitted the deltas, if any
     * @param storedAtMillis when the newest of them was stored, milliseconds since the epoch
     * @param part the message (or tool call) and the deltas' concatenated text
     * @throws IllegalArgumentException if the range is empty or the part is not a delta
     */
    public StoredDelta {
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(part, "part");
        if (seqFrom < 1 || seqFrom > seq) {
            throw new IllegalArgumentException("seqFrom " + seqFrom + " must be in [1, " + seq + "]");
        }
        if (!part.kind().isDelta()) {
            throw new IllegalArgumentException("a stored delta holds a delta part, not " + part.kind());
        }
    }
}
