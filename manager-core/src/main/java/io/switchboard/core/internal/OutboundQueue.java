package io.switchboard.core.internal;

import io.switchboard.core.CloseReason;
import io.switchboard.core.ManagerStats.Drop;
import io.switchboard.core.ManagerStats.FrameFailure;
import io.switchboard.core.internal.wire.FrameRenderer;
import io.switchboard.core.internal.wire.WireCodec;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.TextFrame;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One connection's bounded outbound queue.
 *
 * <p>Deltas are never dropped. A delta that finds the previous delta of its message still waiting
 * at the tail (the connection is busy writing) is merged into it by concatenation: the merged entry
 * covers both seqs and is encoded once, when it is taken for writing. Only a tail entry with the
 * next lower seq of the same message absorbs a delta, so a merge never crosses another frame and
 * two frames never cover one seq. Where a delta cannot merge, it is queued like a lifecycle frame.
 *
 * <p>Frames are queued in Switchboard's encoding; a connection with another wire profile (AG-UI)
 * renders each one as it takes it for writing, because what it renders depends on what the
 * connection has already been sent.
 *
 * <p>At most one frame is in flight on the connection at a time, which keeps frames in order and
 * lets transports whose API allows a single pending write (Jakarta's async remote) work
 * unchanged. Offering only queues; {@link #kick()} starts writing if no write is in flight, and
 * each write's completion starts the next, on whatever thread the transport completes it. (A
 * fan-out's frame, or a stream event other than a delta, may instead claim an idle queue's writer
 * and travel to it beside the queue: {@link #offerOrClaim}.) Callers offer while holding a stream
 * lock and kick after releasing it, so no transport call or failure callback ever runs under a
 * manager lock.
 *
 * <p>Under pressure (half the frame or byte bound used) a droppable frame replaces the queued
 * droppable frame with the same coalescing key (moving to the tail, so order is kept); when the
 * queue is full a droppable frame is dropped, and a lifecycle frame takes the place of the oldest
 * queued droppable frame. Only when no droppable frame is left does a lifecycle frame overflow.
 *
 * <p>The queue starts paused, so the welcome frame can be queued first while the connection
 * becomes visible to senders; {@link #start()} releases it.
 */
final class OutboundQueue {

    /** What became of an offered frame. */
    enum Offer {
        QUEUED,
        // Not queued: the caller now holds the queue's writer and must write it (offerOrClaim).
        CLAIMED,
        COALESCED,
        MERGED,
        DROPPED,
        CLOSED,
        OVERFLOW
    }

    /** A queued frame; a delta entry grows while it waits. Guarded by the queue. */
    private static final class Queued {
        private final TextFrame frame;
        private final String coalesceKey;
        private final LiveDelta delta;
        // Set once a second delta merged in: the text so far, the last seq and its time.
        private StringBuilder merged;
        private long lastSeq;
        private Instant lastTs;
        private int size;

        Queued(TextFrame frame, String coalesceKey, LiveDelta delta) {
            this.frame = frame;
            this.coalesceKey = coalesceKey;
            this.delta = delta;
            this.lastSeq = delta == null ? 0 : delta.seq();
            this.size = frame.sizeInBytes();
        }

        boolean absorbs(LiveDelta next) {
            return delta != null && delta.continuedBy(next, lastSeq);
        }

        void merge(LiveDelta next, int addedBytes) {
            if (merged == null) {
                merged = new StringBuilder(delta.part().text());
            }
            merged.append(next.part().text());
            lastSeq = next.seq();
            lastTs = next.ts();
            size += addedBytes;
        }
    }

    /**
     * What every queue of a manager shares, held once rather than per connection: an idle
     * connection's queue should cost little more than its few fields.
     *
     * @param maxFrames the frame bound
     * @param maxBytes the byte bound
     * @param stats the manager's counters
     * @param codec encodes merged deltas
     * @param onWriteFailure called with the owning session when a write fails
     */
    record Shared(int maxFrames, long maxBytes, StatsRecorder stats, WireCodec codec,
            Consumer<Session> onWriteFailure) {
    }

    private final Session owner;
    private final Connection connection;
    private final Shared shared;
    private final StatsRecorder stats;
    private final FrameRenderer renderer;

    // Guarded by this. Sized for the usual case, a frame or two waiting behind the one in flight.
    private final ArrayDeque<Queued> frames = new ArrayDeque<>(3);
    private long bytes;
    private boolean started;
    private boolean writing;
    private boolean closed;
    private CloseReason closeWhenFlushed;
    // Made when someone waits for the close; connectionClosed once the connection was closed.
    private CompletableFuture<Void> terminated;
    private boolean connectionClosed;
    // Guarded by this: what this queue counted since it last handed its counts to the manager's
    // counters, which it does when it closes and when a stats snapshot is taken (see harvest).
    // Counting here, under the lock an offer and a poll take anyway, spares every frame the
    // shared counters that each emitting thread and event loop would otherwise fight over.
    private long framesQueued;
    private long framesWritten;
    private long deltasMerged;
    // Touched only by the one drainer at a time: the rest of a rendered entry still to write, and
    // the entries written since the drainer last held the lock (recorded when it next does).
    private List<TextFrame> rendering;
    private int renderingNext;
    private int writesToRecord;

    /**
     * @param owner the session whose connection this queue writes to
     * @param shared the manager's bounds, counters and codec
     * @param renderer the connection's wire profile, or null for Switchboard's own frames
     */
    OutboundQueue(Session owner, Shared shared, FrameRenderer renderer) {
        this.owner = owner;
        this.connection = owner.connection();
        this.shared = shared;
        this.stats = shared.stats();
        this.renderer = renderer;
    }

    /**
     * Queues a frame without writing; call {@link #kick()} afterwards. A frame larger than the
     * byte bound is still taken into an empty queue, so that no event is too large to send.
     *
     * @param frame the frame
     * @param coalesceKey null for a lifecycle frame; for a droppable frame, the key of the frames
     *     it supersedes
     */
    synchronized Offer offer(TextFrame frame, String coalesceKey) {
        if (closed || closeWhenFlushed != null) {
            return Offer.CLOSED;
        }
        int size = frame.sizeInBytes();
        boolean droppable = coalesceKey != null;
        Offer result = Offer.QUEUED;
        if (droppable && underPressure() && removeQueued(coalesceKey)) {
            stats.drop(Drop.COALESCED);
            result = Offer.COALESCED;
        }
        if (full(size)) {
            if (droppable) {
                stats.drop(Drop.DROPPED_UNDER_PRESSURE);
                return Offer.DROPPED;
            }
            if (!removeQueued(null)) {
                return Offer.OVERFLOW;
            }
            stats.drop(Drop.MADE_ROOM_FOR_LIFECYCLE);
        }
        add(new Queued(frame, coalesceKey, null));
        return result;
    }

    /**
     * Offers a frame that the caller hands to the connection's writer itself. When the queue is
     * idle (started, empty, nothing in flight) the frame is not queued at all: the answer is
     * {@link Offer#CLAIMED}, the caller now holds the queue's writer and must pass the frame to
     * {@link #writeClaimed} exactly once, on any thread; frames offered meanwhile wait behind it.
     * Otherwise this is {@link #offer offer(frame, coalesceKey)}, and the caller kicks as usual.
     *
     * <p>Why: a fan-out reaches thousands of idle queues with one frame, and a stream event
     * usually reaches a connection whose queue is idle. Carried in the writer's task instead of
     * stored in the queue, the frame costs no entry and no store into the queue's long-lived
     * array (whose card the collector would otherwise refine), and the writer takes the queue's
     * lock one time fewer.
     *
     * @param frame the frame
     * @param coalesceKey as for {@link #offer}: null for a lifecycle frame
     */
    synchronized Offer offerOrClaim(TextFrame frame, String coalesceKey) {
        if (started && !writing && !closed && closeWhenFlushed == null && frames.isEmpty()) {
            writing = true;
            framesQueued++;
            return Offer.CLAIMED;
        }
        return offer(frame, coalesceKey);
    }

    /**
     * Writes the frame an {@link #offerOrClaim} answered {@link Offer#CLAIMED} for, then whatever
     * was queued behind it. Never blocks. A queue closed meanwhile fails the write as it fails any
     * write racing a close.
     */
    void writeClaimed(TextFrame frame) {
        drain(Objects.requireNonNull(frame, "frame"));
    }

    /**
     * Queues a delta, merging it into the waiting delta of its message at the tail if there is
     * one; never drops it. Call {@link #kick()} afterwards.
     *
     * @param frame the delta's own frame, shared with other connections
     * @param delta the delta, for merging
     * @return {@link Offer#MERGED}, {@link Offer#QUEUED}, {@link Offer#CLOSED} or
     *     {@link Offer#OVERFLOW}
     */
    synchronized Offer offerDelta(TextFrame frame, LiveDelta delta) {
        if (closed || closeWhenFlushed != null) {
            return Offer.CLOSED;
        }
        if (mergedIntoTail(delta, shared.maxBytes())) {
            return Offer.MERGED;
        }
        int size = frame.sizeInBytes();
        if (full(size)) {
            if (!removeQueued(null)) {
                return Offer.OVERFLOW;
            }
            stats.drop(Drop.MADE_ROOM_FOR_LIFECYCLE);
        }
        add(new Queued(frame, null, delta));
        return Offer.QUEUED;
    }

    /**
     * Queues a replay batch as a whole, beyond the bounds (the log bounds a batch), unless the
     * queue is already at its bound.
     *
     * @return {@code false} if nothing was queued (closed or full)
     */
    synchronized boolean offerReplay(List<TextFrame> batch) {
        if (refusesBatch()) {
            return false;
        }
        batch.forEach(frame -> add(new Queued(frame, null, null)));
        return true;
    }

    /**
     * Queues a catch-up (what a connection misses of a stream, read from the log) as a whole,
     * beyond the bounds (the log's read bounds it), unless the queue is already at its bound. A
     * delta merges into the waiting delta of its message where it continues it, as a live one does.
     *
     * @return {@code false} if nothing was queued (closed or full)
     */
    synchronized boolean offerCatchUp(List<StreamFrame> batch) {
        if (refusesBatch()) {
            return false;
        }
        for (StreamFrame frame : batch) {
            LiveDelta delta = frame.delta();
            if (delta == null || !mergedIntoTail(delta, Long.MAX_VALUE)) {
                add(new Queued(frame.frame(), null, delta));
            }
        }
        return true;
    }

    // Under the lock: a batch from the log is refused only by a closed or already full queue.
    private boolean refusesBatch() {
        return closed || closeWhenFlushed != null || full(0);
    }

    // Under the lock: merges the delta into the waiting delta of its message at the tail, if it
    // continues it and the bytes stay within byteBound.
    private boolean mergedIntoTail(LiveDelta delta, long byteBound) {
        Queued tail = frames.peekLast();
        if (tail == null || !tail.absorbs(delta)) {
            return false;
        }
        int added = delta.textBytes();
        if (bytes + added > byteBound) {
            return false;
        }
        tail.merge(delta, added);
        bytes += added;
        deltasMerged++;
        return true;
    }

    /** Starts writing if frames are waiting and no write is in flight. Never blocks. */
    void kick() {
        Queued first;
        CloseReason flushedClose;
        synchronized (this) {
            if (!claimWriter()) {
                return;
            }
            // Taken in the same pass as the claim: a fan-out kicks thousands of queues that
            // each hold one frame, and every pass of this lock costs each of them.
            first = takeNext();
            flushedClose = first == null ? takeFlushedClose() : null;
        }
        if (first == null) {
            if (flushedClose != null) {
                closeConnection(flushedClose);
            }
            return;
        }
        drain(encoded(first));
    }

    /** Releases the frames queued before the connection was registered. */
    void start() {
        synchronized (this) {
            started = true;
        }
        kick();
    }

    /**
     * Lets queued frames go out, then closes the connection with {@code reason}.
     *
     * @return a future completed once the connection has been closed
     */
    CompletableFuture<Void> closeWhenFlushed(CloseReason reason) {
        CompletableFuture<Void> waiting;
        synchronized (this) {
            if (!closed && closeWhenFlushed == null) {
                closeWhenFlushed = reason;
                started = true;
            }
            if (terminated == null) {
                terminated = connectionClosed ? CompletableFuture.completedFuture(null)
                        : new CompletableFuture<>();
            }
            waiting = terminated;
        }
        kick();
        return waiting;
    }

    /**
     * Forgets a queue whose connection was never admitted: its frames (the welcome) leave the
     * gauges without counting as failures, and the connection is not touched.
     */
    synchronized void abandon() {
        markClosed();
        frames.clear();
        bytes = 0;
    }

    /**
     * For a stats snapshot: hands this queue's counts to the manager's counters and adds what it
     * holds now to {@code depths}. A snapshot harvests every open queue before it reads the
     * counters, so each frame is counted once, and counters only grow.
     */
    synchronized void harvest(QueueDepths depths) {
        handOverCounts();
        depths.add(frames.size(), bytes);
    }

    /** Drops whatever is queued and closes the connection with {@code reason}. Idempotent. */
    void closeNow(CloseReason reason) {
        int dropped;
        synchronized (this) {
            if (closed) {
                return;
            }
            markClosed();
            dropped = frames.size();
            frames.clear();
            bytes = 0;
        }
        if (dropped > 0) {
            stats.framesFailed(FrameFailure.CONNECTION_CLOSED, dropped);
        }
        closeConnection(reason);
    }

    private boolean underPressure() {
        return frames.size() * 2 >= shared.maxFrames() || bytes * 2 >= shared.maxBytes();
    }

    private boolean full(int incoming) {
        return frames.size() >= shared.maxFrames()
                || (bytes > 0 && bytes + incoming > shared.maxBytes());
    }

    private void add(Queued queued) {
        frames.addLast(queued);
        bytes += queued.size;
        framesQueued++;
    }

    // Under the lock: no frame is counted here any more; what was is handed to the manager.
    private void markClosed() {
        closed = true;
        handOverCounts();
    }

    // Under the lock.
    private void handOverCounts() {
        stats.queueCounted(framesQueued, framesWritten, deltasMerged);
        framesQueued = 0;
        framesWritten = 0;
        deltasMerged = 0;
    }

    // Under the lock, by the drainer: the entries it wrote since it last held the lock. A write
    // that completes after the close counts straight to the manager.
    private void recordWrites() {
        if (writesToRecord == 0) {
            return;
        }
        if (closed) {
            stats.queueCounted(0, writesToRecord, 0);
        } else {
            framesWritten += writesToRecord;
        }
        writesToRecord = 0;
    }

    // Removes the oldest queued droppable frame with this key (any droppable frame for null).
    private boolean removeQueued(String coalesceKey) {
        Iterator<Queued> oldestFirst = frames.iterator();
        while (oldestFirst.hasNext()) {
            Queued queued = oldestFirst.next();
            if (queued.coalesceKey != null
                    && (coalesceKey == null || Objects.equals(queued.coalesceKey, coalesceKey))) {
                oldestFirst.remove();
                bytes -= queued.size;
                return true;
            }
        }
        return false;
    }

    // Under the lock, by the drainer: records its writes and takes the next entry; with none
    // left, releases the writer (see takeFlushedClose for a close that waited for the flush).
    private Queued takeNext() {
        recordWrites();
        Queued queued = closed ? null : frames.pollFirst();
        if (queued == null) {
            writing = false;
        } else {
            bytes -= queued.size;
        }
        return queued;
    }

    // Under the lock, once takeNext found nothing: the close that waited for the queue to empty,
    // now the drainer's to carry out (the queue is marked closed, so nobody claims it again).
    private CloseReason takeFlushedClose() {
        if (closed || closeWhenFlushed == null) {
            return null;
        }
        markClosed();
        return closeWhenFlushed;
    }

    // Called holding the lock: whether the caller must start draining.
    private boolean claimWriter() {
        if (writing || !started || closed || (frames.isEmpty() && closeWhenFlushed == null)) {
            return false;
        }
        writing = true;
        return true;
    }

    // By the queue's writer: writes until the queue is empty, a write is pending or the queue
    // closed. Starts with first when the caller has it already (kick took it under the lock, or
    // a claimed frame); with null, takes the next entry itself.
    private void drain(TextFrame first) {
        TextFrame taken = first;
        while (true) {
            TextFrame next;
            boolean lastOfEntry = true;
            if (rendering != null) {
                synchronized (this) {
                    recordWrites();
                    if (closed) {
                        rendering = null;
                        writing = false;
                        return;
                    }
                }
                next = rendering.get(renderingNext++);
                if (renderingNext < rendering.size()) {
                    lastOfEntry = false;
                } else {
                    rendering = null;
                }
            } else {
                if (taken != null) {
                    next = taken;
                    taken = null;
                } else {
                    Queued queued;
                    CloseReason flushedClose = null;
                    synchronized (this) {
                        queued = takeNext();
                        if (queued == null) {
                            flushedClose = takeFlushedClose();
                        }
                    }
                    if (queued == null) {
                        if (flushedClose != null) {
                            closeConnection(flushedClose);
                        }
                        return;
                    }
                    next = encoded(queued);
                }
                if (renderer != null) {
                    List<TextFrame> rendered = renderer.render(next);
                    next = rendered.get(0);
                    if (rendered.size() > 1) {
                        rendering = rendered;
                        renderingNext = 1;
                        lastOfEntry = false;
                    }
                }
            }
            boolean countWritten = lastOfEntry;
            CompletableFuture<Void> written = write(next);
            if (!written.isDone()) {
                written.whenComplete((ignored, failure) -> {
                    if (completed(failure, countWritten)) {
                        drain(null);
                    }
                });
                return;
            }
            if (!completed(written.isCompletedExceptionally() ? failureOf(written) : null,
                    countWritten)) {
                return;
            }
        }
    }

    // A merged delta is encoded here, once, outside the lock: nothing merges into it any more.
    private TextFrame encoded(Queued queued) {
        if (queued.merged == null) {
            return queued.frame;
        }
        LiveDelta first = queued.delta;
        return shared.codec().mergedDelta(first.stream(), first.seqFrom(), queued.lastSeq,
                first.epoch(), first.run(), first.thread(), queued.lastTs, first.part(), queued.merged);
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

    // Whether draining may go on. An entry rendered as several frames counts once, at its last.
    private boolean completed(Throwable failure, boolean entryWritten) {
        if (failure == null) {
            if (entryWritten) {
                writesToRecord++;
            }
            return true;
        }
        boolean closedMeanwhile;
        synchronized (this) {
            writing = false;
            rendering = null;
            closedMeanwhile = closed;
        }
        // A write racing the manager's own close is not the transport's failure.
        if (closedMeanwhile) {
            stats.framesFailed(FrameFailure.CONNECTION_CLOSED, 1);
            return false;
        }
        stats.framesFailed(FrameFailure.SEND_FAILED, 1);
        shared.onWriteFailure().accept(owner);
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
            CompletableFuture<Void> waiting;
            synchronized (this) {
                connectionClosed = true;
                waiting = terminated;
            }
            if (waiting != null) {
                waiting.complete(null);
            }
        }
    }
}
