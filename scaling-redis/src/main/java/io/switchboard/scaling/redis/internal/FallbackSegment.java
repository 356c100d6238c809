package io.switchboard.scaling.redis.internal;

import io.switchboard.core.replay.GapReason;
import io.switchboard.core.event.MessageDelta;
import io.switchboard.core.event.ToolCallDelta;
import io.switchboard.core.replay.LifecycleMark;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The events one stream received on this instance while Redis was unreachable: a segment in an
 * epoch of its own, continuing from the last position this instance knew ({@code base}). It moves
 * into the shared log, as it is, when Redis is back. Not thread-safe: the log's stripe lock of the
 * stream guards it.
 */
final class FallbackSegment {

    private final StreamId stream;
    private final Position base;
    private final String epoch;
    private final ArrayDeque<StoredEvent> events = new ArrayDeque<>();
    private int counted;
    private long lastSeq;
    private LifecycleMark lastLifecycle;

    FallbackSegment(StreamId stream, Position base, String epoch) {
        this.stream = stream;
        this.base = base;
        this.epoch = epoch;
    }

    StreamId stream() {
        return stream;
    }

    /** Where the shared log was, as far as this instance knew, when the segment began; or null. */
    Position base() {
        return base;
    }

    String epoch() {
        return epoch;
    }

    long lastSeq() {
        return lastSeq;
    }

    long nextSeq() {
        return lastSeq + 1;
    }

    List<StoredEvent> events() {
        return List.copyOf(events);
    }

    void add(StoredEvent event, int maxEvents) {
        events.addLast(event);
        lastSeq = event.seq();
        if (event.lifecycle()) {
            lastLifecycle = new LifecycleMark(event.type(), event.run(), event.seq());
        }
        if (!isDelta(event)) {
            counted++;
        }
        // Deltas count for nothing: past maxEvents other events, the oldest goes with the deltas
        // before it, as in the shared log.
        while (counted > maxEvents) {
            if (!isDelta(events.pollFirst())) {
                counted--;
            }
        }
    }

    private static boolean isDelta(StoredEvent event) {
        return event.type().equals(MessageDelta.TYPE) || event.type().equals(ToolCallDelta.TYPE);
    }

    void trimStoredBefore(long cutoffMillis) {
        while (!events.isEmpty() && events.peekFirst().storedAtMillis() < cutoffMillis) {
            if (!isDelta(events.pollFirst())) {
                counted--;
            }
        }
    }

    StreamState state() {
        return new StreamState(stream, Optional.of(epoch), lastSeq, Optional.ofNullable(lastLifecycle));
    }

    /**
     * Answers a cursor in this segment's epoch, or at its base (the client missed nothing before
     * the segment). Any other cursor needs the shared log: answered {@code null}.
     */
    Replay read(StreamCursor cursor) {
        long after;
        if (cursor.epoch().isPresent() && cursor.epoch().get().equals(epoch)) {
            if (cursor.seq() > lastSeq) {
                return new Replay.Gap(GapReason.CURSOR_AHEAD, state());
            }
            after = cursor.seq();
        } else if (base != null && cursor.epoch().isPresent()
                && cursor.epoch().get().equals(base.epoch()) && cursor.seq() == base.seq()) {
            after = 0;
        } else {
            return null;
        }
        if (after == lastSeq) {
            return new Replay.Events(List.of(), state());
        }
        long oldest = events.isEmpty() ? lastSeq + 1 : events.peekFirst().seq();
        if (after + 1 < oldest) {
            return new Replay.Gap(GapReason.TOO_OLD, state());
        }
        List<StoredEvent> missed = new ArrayList<>();
        for (StoredEvent event : events) {
            if (event.seq() > after) {
                missed.add(event);
            }
        }
        return new Replay.Events(missed, state());
    }

    Optional<StoredEvent> find(long seq) {
        return events.stream().filter(event -> event.seq() == seq).findFirst();
    }
}
