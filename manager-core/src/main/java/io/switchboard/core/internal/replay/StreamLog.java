package io.switchboard.core.internal.replay;

import io.switchboard.core.replay.GapReason;
import io.switchboard.core.replay.LifecycleMark;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** One stream's window of events. Not thread-safe: {@link InMemoryReplayLog} guards it. */
final class StreamLog {

    private record Entry(StoredEvent event, long storedAtNanos) {
    }

    private final StreamId stream;
    private final String epoch;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long lastSeq;
    private long bytes;
    private LifecycleMark lastLifecycle;

    StreamLog(StreamId stream, String epoch) {
        this.stream = stream;
        this.epoch = epoch;
    }

    String epoch() {
        return epoch;
    }

    long nextSeq() {
        return lastSeq + 1;
    }

    void add(StoredEvent event, long nowNanos, int maxEvents) {
        entries.addLast(new Entry(event, nowNanos));
        lastSeq = event.seq();
        bytes += event.frame().sizeInBytes();
        if (event.lifecycle()) {
            lastLifecycle = new LifecycleMark(event.type(), event.run(), event.seq());
        }
        while (entries.size() > maxEvents) {
            dropOldest();
        }
    }

    void trimOlderThan(long oldestAllowedNanos) {
        while (!entries.isEmpty() && entries.peekFirst().storedAtNanos() < oldestAllowedNanos) {
            dropOldest();
        }
    }

    Replay read(StreamCursor cursor) {
        StreamState state = state();
        if (cursor.epoch().isEmpty() ? cursor.seq() > 0 : !cursor.epoch().get().equals(epoch)) {
            return new Replay.Gap(GapReason.EPOCH_CHANGED, state);
        }
        if (cursor.seq() > lastSeq) {
            return new Replay.Gap(GapReason.CURSOR_AHEAD, state);
        }
        long oldestKept = entries.isEmpty() ? lastSeq + 1 : entries.peekFirst().event().seq();
        if (cursor.seq() + 1 < oldestKept) {
            return new Replay.Gap(GapReason.TOO_OLD, state);
        }
        List<StoredEvent> missed = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.event().seq() > cursor.seq()) {
                missed.add(entry.event());
            }
        }
        return new Replay.Events(missed, state);
    }

    Optional<StoredEvent> find(long seq) {
        Iterator<Entry> newestFirst = entries.descendingIterator();
        while (newestFirst.hasNext()) {
            StoredEvent event = newestFirst.next().event();
            if (event.seq() == seq) {
                return Optional.of(event);
            }
            if (event.seq() < seq) {
                break;
            }
        }
        return Optional.empty();
    }

    StreamState state() {
        return new StreamState(stream, Optional.of(epoch), lastSeq, Optional.ofNullable(lastLifecycle));
    }

    // What a stream costs beyond its frames' bytes (objects, epoch, deque), so empty ones count too.
    private static final int OVERHEAD_BYTES = 256;

    /** A weight for the cache: the bytes held plus a fixed overhead. */
    int weight() {
        return (int) Math.min(Integer.MAX_VALUE, bytes + OVERHEAD_BYTES);
    }

    private void dropOldest() {
        Entry oldest = entries.pollFirst();
        bytes -= oldest.event().frame().sizeInBytes();
    }
}
