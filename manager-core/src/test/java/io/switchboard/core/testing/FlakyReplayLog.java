package io.switchboard.core.testing;

import io.switchboard.core.id.RunId;
import io.switchboard.core.replay.EventEncoder;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.ReplayLogException;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A replay log for unit tests of core whose appends fail a given number of times (a store that
 * is briefly unreachable), then work like the in-memory log it wraps. Thread-safe. It implements
 * the replay log port only; it is never a manager.
 */
public final class FlakyReplayLog implements ReplayLog {

    private final ReplayLog delegate = ReplayLog.inMemory();
    private final AtomicInteger failuresLeft;
    private final AtomicInteger appendCalls = new AtomicInteger();
    private final boolean storedUnknown;

    /**
     * A log whose next {@code failures} appends fail.
     *
     * @param failures how many appends fail before they work; {@link Integer#MAX_VALUE} for never
     */
    public FlakyReplayLog(int failures) {
        this(failures, false);
    }

    /**
     * A log whose next {@code failures} appends fail, saying (when {@code storedUnknown}) that
     * they cannot tell whether they stored the event, as a store that stopped answering does.
     * They store nothing.
     *
     * @param failures how many appends fail before they work; {@link Integer#MAX_VALUE} for never
     * @param storedUnknown whether the failures say the event may be stored
     */
    public FlakyReplayLog(int failures, boolean storedUnknown) {
        this.failuresLeft = new AtomicInteger(failures);
        this.storedUnknown = storedUnknown;
    }

    @Override
    public StoredEvent append(StreamId stream, String type, Optional<RunId> run, boolean lifecycle,
            EventEncoder encoder) {
        appendCalls.incrementAndGet();
        if (failuresLeft.getAndUpdate(left -> left > 0 && left != Integer.MAX_VALUE ? left - 1 : left) > 0) {
            throw new ReplayLogException("store unreachable", null, storedUnknown);
        }
        return delegate.append(stream, type, run, lifecycle, encoder);
    }

    @Override
    public Replay read(StreamCursor cursor) {
        return delegate.read(cursor);
    }

    @Override
    public StreamState state(StreamId stream) {
        return delegate.state(stream);
    }

    @Override
    public Optional<StoredEvent> find(StreamId stream, long seq) {
        return delegate.find(stream, seq);
    }

    /**
     * How often {@link #append} was called.
     *
     * @return the number of calls
     */
    public int appendCalls() {
        return appendCalls.get();
    }
}
