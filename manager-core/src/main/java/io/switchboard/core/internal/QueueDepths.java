package io.switchboard.core.internal;

/**
 * What the open outbound queues hold, summed for one stats snapshot. Not thread-safe: one
 * snapshot, one thread.
 */
final class QueueDepths {

    private long frames;
    private long bytes;

    void add(long queuedFrames, long queuedBytes) {
        frames += queuedFrames;
        bytes += queuedBytes;
    }

    long frames() {
        return frames;
    }

    long bytes() {
        return bytes;
    }
}
