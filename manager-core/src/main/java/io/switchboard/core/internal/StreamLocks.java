package io.switchboard.core.internal;

import io.switchboard.core.replay.StreamId;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks, one stripe per stream hash: appending to a stream and delivering it live, and
 * replaying it to a resuming connection while subscribing that connection, hold the stream's
 * stripe. So every event is either in a replay or delivered live after it, never both and never
 * neither. A fixed number of stripes keeps memory bounded whatever the number of streams.
 */
final class StreamLocks {

    private static final int STRIPES = 1024;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    StreamLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    ReentrantLock of(StreamId stream) {
        return stripes[Math.floorMod(stream.hashCode() * 0x9E3779B9, STRIPES)];
    }
}
