package io.switchboard.core.replay;

import java.util.Optional;
import io.switchboard.core.id.RunId;

/**
 * What a replay answers, one item per frame to send: a {@link StoredEvent} (its frame as live
 * clients got it) or a {@link StoredDelta} (consecutive deltas of one message, which the manager
 * encodes as one merged frame).
 *
 * <p>Every implementation is an immutable record, safe to share between threads.
 */
public sealed interface LoggedEvent permits StoredEvent, StoredDelta {

    /**
     * The last seq this item covers.
     *
     * @return the seq
     */
    long seq();

    /**
     * The first seq this item covers; {@link #seq()} for a single event.
     *
     * @return the first seq
     */
    long seqFrom();

    /**
     * The stream's epoch when the item was stored.
     *
     * @return the epoch
     */
    String epoch();

    /**
     * The run that emitted it, if any.
     *
     * @return the run
     */
    Optional<RunId> run();

    /**
     * When the (newest part of the) item was stored, milliseconds since the epoch.
     *
     * @return the wall-clock time
     */
    long storedAtMillis();
}
