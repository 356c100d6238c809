package io.switchboard.core.internal.replay;

import io.switchboard.core.replay.GapReason;
import io.switchboard.core.replay.LifecycleMark;
import io.switchboard.core.replay.LoggedEvent;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.OpenMessage;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.StoredDelta;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One stream's window. Events other than deltas are kept as their frames, one entry each; the
 * deltas of one message (or tool call) are one {@link MessageText} entry, created by the message's
 * start or first delta. Entries are kept in the order they were created.
 *
 * <p>Bounds: at most {@code maxEvents} events that are not deltas; beyond that the oldest goes and
 * with it every entry created before it (deltas count for nothing here: a message of 10,000 deltas
 * never pushes events out). Entries whose newest part is older than the age limit go from the
 * head. Whatever goes raises {@code trimmedThrough}, the newest seq lost: a cursor before it
 * cannot be served. Text of a message entry below that mark may stay until the whole entry goes;
 * it is never replayed. Not thread-safe: {@link InMemoryReplayLog} guards it (its monitor), except
 * {@link #weight()}.
 */
final class StreamLog {

    private record Single(StoredEvent event, long storedAtNanos) {
    }

    // What a stream costs beyond its entries' bytes (objects, epoch, deque), so empty ones count too.
    private static final int OVERHEAD_BYTES = 256;

    private final StreamId stream;
    private final String epoch;
    private final ArrayDeque<Object> entries = new ArrayDeque<>();
    // Message entries still taking deltas, by message (or tool call) id.
    private final Map<String, MessageText> open = new HashMap<>();
    private long lastSeq;
    private long trimmedThrough;
    private long bytes;
    // The bytes the cache last weighed this stream at; read by the cache's weigher on any thread.
    private volatile long weighedBytes;
    // Set once the cache has evicted this stream: it takes no more events.
    private boolean retired;
    private int singles;
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

    /** Adds an event that is not a delta; {@code part} names its message, or is null. */
    void add(StoredEvent event, MessagePart part, long nowNanos, int maxEvents) {
        entries.addLast(new Single(event, nowNanos));
        singles++;
        lastSeq = event.seq();
        bytes += event.frame().sizeInBytes();
        if (event.lifecycle()) {
            lastLifecycle = new LifecycleMark(event.type(), event.run(), event.seq());
        }
        if (part != null && part.kind() == MessagePart.Kind.MESSAGE_STARTED) {
            MessageText message = new MessageText(MessagePart.Kind.MESSAGE_DELTA, part.id(), null,
                    event.run(), true, event.seq(), nowNanos, event.storedAtMillis());
            entries.addLast(message);
            open.put(part.id(), message);
            bytes += message.footprint();
        } else if (part != null && part.kind() == MessagePart.Kind.MESSAGE_COMPLETED) {
            MessageText message = open.get(part.id());
            if (message != null && message.holds(MessagePart.Kind.MESSAGE_DELTA, event.run())) {
                message.complete();
                open.remove(part.id());
            }
        }
        trimToCount(maxEvents);
    }

    /** Adds a delta of the message {@code part} names. */
    void addDelta(long seq, StoredEvent event, MessagePart part, long nowNanos) {
        MessageText message = open.get(part.id());
        if (message == null || !message.holds(part.kind(), event.run())) {
            message = new MessageText(part.kind(), part.id(), part.toolName(), event.run(), false,
                    seq, nowNanos, event.storedAtMillis());
            entries.addLast(message);
            open.put(part.id(), message);
            bytes += message.footprint();
        }
        long before = message.footprint();
        message.append(seq, part.text(), nowNanos, event.storedAtMillis());
        bytes += message.footprint() - before;
        lastSeq = seq;
    }

    void trimOlderThan(long oldestAllowedNanos) {
        while (!entries.isEmpty() && newestNanos(entries.peekFirst()) < oldestAllowedNanos) {
            dropOldest();
        }
        dropDead();
    }

    Replay read(StreamCursor cursor, long beforeSeq) {
        StreamState state = state();
        if (cursor.epoch().isEmpty() ? cursor.seq() > 0 : !cursor.epoch().get().equals(epoch)) {
            return new Replay.Gap(GapReason.EPOCH_CHANGED, state, openMessages(-1));
        }
        if (cursor.seq() > lastSeq) {
            return new Replay.Gap(GapReason.CURSOR_AHEAD, state, openMessages(-1));
        }
        if (cursor.seq() < trimmedThrough) {
            return new Replay.Gap(GapReason.TOO_OLD, state, openMessages(cursor.seq()));
        }
        List<LoggedEvent> missed = new ArrayList<>();
        List<StoredDelta> deltas = new ArrayList<>();
        for (Object entry : entries) {
            if (entry instanceof Single single) {
                long seq = single.event().seq();
                if (seq > cursor.seq() && seq < beforeSeq) {
                    missed.add(single.event());
                }
            } else {
                ((MessageText) entry).replay(cursor.seq(), beforeSeq, epoch, deltas);
            }
        }
        if (!deltas.isEmpty()) {
            missed.addAll(deltas);
            missed.sort(Comparator.comparingLong(LoggedEvent::seqFrom));
        }
        return new Replay.Events(missed, state);
    }

    Optional<StoredEvent> find(long seq) {
        Iterator<Object> newestFirst = entries.descendingIterator();
        while (newestFirst.hasNext()) {
            if (newestFirst.next() instanceof Single single && single.event().seq() == seq) {
                return Optional.of(single.event());
            }
        }
        return Optional.empty();
    }

    StreamState state() {
        return new StreamState(stream, Optional.of(epoch), lastSeq, Optional.ofNullable(lastLifecycle));
    }

    /**
     * A weight for the cache: the bytes held when last {@linkplain #reweigh weighed} plus a fixed
     * overhead. Thread-safe.
     */
    int weight() {
        return (int) Math.min(Integer.MAX_VALUE, weighedBytes + OVERHEAD_BYTES);
    }

    /**
     * Whether the bytes held moved by {@code threshold} or more since the cache last weighed this
     * stream; if so, records them as weighed, and the caller has the cache re-weigh the stream.
     */
    boolean reweigh(long threshold) {
        if (Math.abs(bytes - weighedBytes) < threshold) {
            return false;
        }
        weighedBytes = bytes;
        return true;
    }

    /** The cache evicted this stream: it is no longer the stream's log. */
    void retire() {
        retired = true;
    }

    boolean retired() {
        return retired;
    }

    /** The bytes this stream's entries hold (frames, and message text with its bookkeeping). */
    long bytes() {
        return bytes;
    }

    private List<OpenMessage> openMessages(long after) {
        List<OpenMessage> messages = new ArrayList<>();
        for (Object entry : entries) {
            if (entry instanceof MessageText message) {
                message.openAfter(after).ifPresent(messages::add);
            }
        }
        return messages;
    }

    private void trimToCount(int maxEvents) {
        while (singles > maxEvents) {
            dropOldest();
        }
        dropDead();
    }

    // Entries created after a dropped one may hold nothing newer than what was lost.
    private void dropDead() {
        while (!entries.isEmpty() && lastSeqOf(entries.peekFirst()) <= trimmedThrough) {
            dropOldest();
        }
    }

    private void dropOldest() {
        Object oldest = entries.pollFirst();
        trimmedThrough = Math.max(trimmedThrough, lastSeqOf(oldest));
        if (oldest instanceof Single single) {
            singles--;
            bytes -= single.event().frame().sizeInBytes();
        } else {
            MessageText message = (MessageText) oldest;
            bytes -= message.footprint();
            open.remove(message.id(), message);
        }
    }

    private static long lastSeqOf(Object entry) {
        return entry instanceof Single single ? single.event().seq() : ((MessageText) entry).lastSeq();
    }

    private static long newestNanos(Object entry) {
        return entry instanceof Single single ? single.storedAtNanos()
                : ((MessageText) entry).lastAppendNanos();
    }
}
