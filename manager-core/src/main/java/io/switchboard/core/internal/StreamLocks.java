package io.switchboard.core.internal;

import io.switchboard.core.replay.StreamId;

/**
 * Striped locks, one stripe per stream hash: appending to a stream and delivering it live, and
 * replaying it to a resuming connection while subscribing that connection, hold the stream's
 * stripe. So every event is either in a replay or delivered live after it, never both and never
 * neither. A fixed number of stripes keeps memory bounded whatever the number of streams.
 *
 * <p>The stripes are plain monitors, taken with {@code synchronized}: every stream event takes
 * one, and a {@code ReentrantLock} would store its owner thread into the (long-lived) lock on each
 * acquisition, a card for the collector's refinement threads to scan every time. Nothing here
 * needs what a {@code Lock} adds (timeouts, conditions, interruptible waits).
 */
final class StreamLocks {

    private static final int STRIPES = 1024;

    private final Object[] stripes = new Object[STRIPES];

    StreamLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** The monitor of {@code stream}'s stripe. */
    Object of(StreamId stream) {
        return stripes[Math.floorMod(stream.hashCode() * 0x9E3779B9, STRIPES)];
    }
}
