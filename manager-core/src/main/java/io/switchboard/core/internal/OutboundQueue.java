package io.switchboard.core.internal;

import io.switchboard.core.CloseReason;
import io.switchboard.core.ManagerStats.FrameFailure;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.TextFrame;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One connection's bounded outbound queue. At most one frame is in flight on the connection at a
 * time, which keeps frames in order and lets transports whose API allows a single pending write
 * (Jakarta's async remote) work unchanged. Offering never blocks: the offering thread starts the
 * first write if none is in flight, and each write's completion starts the next, on whatever
 * thread the transport completes it.
 *
 * <p>The queue starts paused, so the welcome frame can be queued first while the connection
 * becomes visible to senders; {@link #start()} releases it.
 */
final class OutboundQueue {

    /** What became of an offered frame. */
    enum Offer {
        QUEUED,
        CLOSED,
        OVERFLOW
    }

    private final Connection connection;
    private final int maxFrames;
    private final long maxBytes;
    private final StatsRecorder stats;
    private final Consumer<Throwable> onWriteFailure;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    // Guarded by this.
    private final ArrayDeque<TextFrame> frames = new ArrayDeque<>();
    private long bytes;
    private boolean started;
    private boolean writing;
    private boolean closed;
    private CloseReason closeWhenFlushed;

    OutboundQueue(Connection connection, int maxFrames, long maxBytes, StatsRecorder stats,
            Consumer<Throwable> onWriteFailure) {
        this.connection = connection;
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
        this.stats = stats;
        this.onWriteFailure = onWriteFailure;
    }

    /**
     * Queues a frame. A frame larger than the byte bound is still taken when the queue is empty,
     * so that no event is too large to ever be sent.
     */
    Offer offer(TextFrame frame) {
        int size = frame.sizeInBytes();
        synchronized (this) {
            if (closed || closeWhenFlushed != null) {
                return Offer.CLOSED;
            }
            if (frames.size() >= maxFrames || (bytes > 0 && bytes + size > maxBytes)) {
                return Offer.OVERFLOW;
            }
            frames.addLast(frame);
            bytes += size;
            stats.frameQueued(size);
            if (!claimWriter()) {
                return Offer.QUEUED;
            }
        }
        drain();
        return Offer.QUEUED;
    }

    /** Releases the frames queued before the connection was registered. */
    void start() {
        synchronized (this) {
            started = true;
            if (!claimWriter()) {
                return;
            }
        }
        drain();
    }

    /**
     * Lets queued frames go out, then closes the connection with {@code reason}.
     *
     * @return a future completed once the connection has been closed
     */
    CompletableFuture<Void> closeWhenFlushed(CloseReason reason) {
        synchronized (this) {
            if (closed || closeWhenFlushed != null) {
                return terminated;
            }
            closeWhenFlushed = reason;
            started = true;
            if (!claimWriter()) {
                return terminated;
            }
        }
        drain();
        return terminated;
    }

    /** Drops whatever is queued and closes the connection with {@code reason}. Idempotent. */
    void closeNow(CloseReason reason) {
        int dropped;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            dropped = frames.size();
            frames.forEach(frame -> stats.frameLeftQueue(frame.sizeInBytes()));
            frames.clear();
            bytes = 0;
        }
        if (dropped > 0) {
            stats.framesFailed(FrameFailure.CONNECTION_CLOSED, dropped);
        }
        closeConnection(reason);
    }

    // Called holding the lock: whether the caller must start draining.
    private boolean claimWriter() {
        if (writing || !started || closed || (frames.isEmpty() && closeWhenFlushed == null)) {
            return false;
        }
        writing = true;
        return true;
    }

    private void drain() {
        while (true) {
            TextFrame next;
            CloseReason flushedClose = null;
            synchronized (this) {
                next = closed ? null : frames.pollFirst();
                if (next == null) {
                    writing = false;
                    if (!closed && closeWhenFlushed != null) {
                        closed = true;
                        flushedClose = closeWhenFlushed;
                    }
                } else {
                    bytes -= next.sizeInBytes();
                }
            }
            if (next == null) {
                if (flushedClose != null) {
                    closeConnection(flushedClose);
                }
                return;
            }
            stats.frameLeftQueue(next.sizeInBytes());
            CompletableFuture<Void> written = write(next);
            if (!written.isDone()) {
                written.whenComplete((ignored, failure) -> {
                    if (completed(failure)) {
                        drain();
                    }
                });
                return;
            }
            if (!completed(written.isCompletedExceptionally() ? failureOf(written) : null)) {
                return;
            }
        }
    }

    private CompletableFuture<Void> write(TextFrame frame) {
        try {
            CompletableFuture<Void> written = connection.send(frame);
            return written != null ? written
                    : CompletableFuture.failedFuture(new IllegalStateException("send returned null"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // Whether draining may go on.
    private boolean completed(Throwable failure) {
        if (failure == null) {
            stats.frameWritten();
            return true;
        }
        stats.framesFailed(FrameFailure.SEND_FAILED, 1);
        synchronized (this) {
            writing = false;
        }
        onWriteFailure.accept(failure);
        return false;
    }

    private static Throwable failureOf(CompletableFuture<Void> written) {
        try {
            written.join();
            return null;
        } catch (RuntimeException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    private void closeConnection(CloseReason reason) {
        try {
            connection.close(reason);
        } finally {
            terminated.complete(null);
        }
    }
}
