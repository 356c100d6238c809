package io.switchboard.core.internal.replay;

import io.switchboard.core.id.RunId;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One stream's window. Events other than deltas are kept compactly, one after the other
 * ({@link SingleEvents}); the deltas of one message (or tool call) are one {@link MessageText}
 * entry, created by the message's start or first delta. Both are kept in the order they were
 * created, which is seq order: an entry created at seq {@code s} comes after the event with seq
 * {@code s} and before any later one.
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

    // What a stream costs beyond its entries' bytes (objects, epoch, deque), so empty ones count too.
    private static final int OVERHEAD_BYTES = 256;

    private final StreamId stream;
    private final String epoch;
    private final SingleEvents singles = new SingleEvents();
    private final ArrayDeque<MessageText> messages = new ArrayDeque<>(1);
    // Message entries still taking deltas, by message (or tool call) id.
    private final Map<String, MessageText> open = new HashMap<>();
    private long lastSeq;
    private long trimmedThrough;
    private long messageBytes;
    // The bytes the cache last weighed this stream at; read by the cache's weigher on any thread.
    private volatile long weighedBytes;
    // Set once the cache has evicted this stream: it takes no more events.
    private boolean retired;
    // When an append is next to tell the cache this stream is in use (monotonic nanos); read and
    // written outside the monitor, by any appending thread.
    private volatile long nextUseNanos;
    // The last lifecycle event, kept as its parts: a type and run rarely change, its seq always.
    private String lastLifecycleType;
    private Optional<RunId> lastLifecycleRun;
    private long lastLifecycleSeq;

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
        singles.add(event, nowNanos);
        lastSeq = event.seq();
        if (event.lifecycle()) {
            // Stored only when changed: a log is old, and storing a new object into it on every
            // event would cost the collector a card each time.
            if (!event.type().equals(lastLifecycleType)) {
                lastLifecycleType = event.type();
            }
            if (!event.run().equals(lastLifecycleRun)) {
                lastLifecycleRun = event.run();
            }
            lastLifecycleSeq = event.seq();
        }
        if (part != null && part.kind() == MessagePart.Kind.MESSAGE_STARTED) {
            MessageText message = new MessageText(MessagePart.Kind.MESSAGE_DELTA, part.id(), null,
                    event.run(), true, event.seq(), nowNanos, event.storedAtMillis());
            messages.addLast(message);
            open.put(part.id(), message);
            messageBytes += message.footprint();
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
            messages.addLast(message);
            open.put(part.id(), message);
            messageBytes += message.footprint();
        }
        long before = message.footprint();
        message.append(seq, part.text(), nowNanos, event.storedAtMillis());
        messageBytes += message.footprint() - before;
        lastSeq = seq;
    }

    void trimOlderThan(long oldestAllowedNanos) {
        while (true) {
            boolean single = oldestIsSingle();
            if (single ? singles.oldestNanos() >= oldestAllowedNanos
                    : messages.isEmpty() || messages.peekFirst().lastAppendNanos() >= oldestAllowedNanos) {
                break;
            }
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
        for (int i = 0; i < singles.size(); i++) {
            long seq = singles.seq(i);
            if (seq > cursor.seq() && seq < beforeSeq) {
                missed.add(singles.event(i, epoch));
            }
        }
        List<StoredDelta> deltas = new ArrayList<>();
        for (MessageText message : messages) {
            message.replay(cursor.seq(), beforeSeq, epoch, deltas);
        }
        if (!deltas.isEmpty()) {
            missed.addAll(deltas);
            missed.sort(Comparator.comparingLong(LoggedEvent::seqFrom));
        }
        return new Replay.Events(missed, state);
    }

    Optional<StoredEvent> find(long seq) {
        int index = singles.indexOf(seq);
        return index < 0 ? Optional.empty() : Optional.of(singles.event(index, epoch));
    }

    StreamState state() {
        Optional<LifecycleMark> lifecycle = lastLifecycleType == null ? Optional.empty()
                : Optional.of(new LifecycleMark(lastLifecycleType, lastLifecycleRun, lastLifecycleSeq));
        return new StreamState(stream, Optional.of(epoch), lastSeq, lifecycle);
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
        long bytes = bytes();
        if (Math.abs(bytes - weighedBytes) < threshold) {
            return false;
        }
        weighedBytes = bytes;
        return true;
    }

    /** When an append is next to record this stream's use with the cache. Thread-safe. */
    long nextUseNanos() {
        return nextUseNanos;
    }

    /** The cache has just recorded a use; the next is due at {@code nanos}. Thread-safe. */
    void usedUntil(long nanos) {
        nextUseNanos = nanos;
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
        return singles.footprint() + messageBytes;
    }

    private List<OpenMessage> openMessages(long after) {
        List<OpenMessage> found = new ArrayList<>();
        for (MessageText message : messages) {
            message.openAfter(after).ifPresent(found::add);
        }
        return found;
    }

    private void trimToCount(int maxEvents) {
        while (singles.size() > maxEvents) {
            dropOldest();
        }
        dropDead();
    }

    // Entries created after a dropped one may hold nothing newer than what was lost.
    private void dropDead() {
        while (true) {
            boolean single = oldestIsSingle();
            if (single ? singles.oldestSeq() > trimmedThrough
                    : messages.isEmpty() || messages.peekFirst().lastSeq() > trimmedThrough) {
                return;
            }
            dropOldest();
        }
    }

    // Whether the oldest entry is a single event (false when there are none, or a message is older).
    private boolean oldestIsSingle() {
        return !singles.isEmpty()
                && (messages.isEmpty() || singles.oldestSeq() <= messages.peekFirst().createdSeq());
    }

    private void dropOldest() {
        if (oldestIsSingle()) {
            trimmedThrough = Math.max(trimmedThrough, singles.oldestSeq());
            singles.dropOldest();
            return;
        }
        MessageText message = messages.pollFirst();
        if (message == null) {
            return;
        }
        trimmedThrough = Math.max(trimmedThrough, message.lastSeq());
        messageBytes -= message.footprint();
        open.remove(message.id(), message);
    }
}
