package io.switchboard.core.replay;

import io.switchboard.core.id.RunId;
import io.switchboard.core.spi.TextFrame;
import java.util.Objects;
import java.util.Optional;

/**
 * One event as the log keeps it: the exact frame live clients got, so a replay sends the same
 * bytes.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param seq the event's position in its stream
 * @param epoch the stream's epoch when it was stored
 * @param type the event type
 * @param run the run that emitted it, if any
 * @param lifecycle whether it is a lifecycle event (never dropped)
 * @param storedAtMillis wall-clock time of storage, milliseconds since the epoch
 * @param frame the encoded frame
 */
public record StoredEvent(long seq, String epoch, String type, Optional<RunId> run,
        boolean lifecycle, long storedAtMillis, TextFrame frame) implements LoggedEvent {

    /**
     * Checks the parts.
     *
     * @param seq the event's position in its stream
     * @param epoch the stream's epoch when it was stored
     * @param type the event type
     * @param run the run that emitted it, if any
     * @param lifecycle whether it is a lifecycle event (never dropped)
     * @param storedAtMillis wall-clock time of storage, milliseconds since the epoch
     * @param frame the encoded frame
     */
    public StoredEvent {
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(frame, "frame");
    }

    /** A single event covers its own seq only. */
    @Override
    public long seqFrom() {
        return seq;
    }
}
