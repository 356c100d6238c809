package io.switchboard.core.replay;

import io.switchboard.core.Ticker;
import io.switchboard.core.id.RunId;
import io.switchboard.core.internal.replay.InMemoryReplayLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a stream's events are kept so that a client that reconnects receives exactly what it
 * missed. The log numbers each stream's events with a strictly increasing {@code seq} within an
 * {@code epoch}; the epoch changes whenever the log loses a stream's history (eviction, restart,
 * data loss), so that a cursor from before can never be mistaken for one after.
 *
 * <p>The default, {@link #inMemory()}, is bounded by count and age per stream and by bytes in
 * all; it keeps each streamed message as its text, once, and counts deltas against none of its
 * bounds but age and bytes. The Redis module provides a shared implementation, so a client may resume on any instance.
 *
 * <h2>Threading</h2>
 * Thread-safe. The manager serializes appends and reads of one stream on this instance (it holds
 * the stream's lock around them); an implementation shared by several instances must still assign
 * each stream's seq atomically. Calls may block for a bounded time on a remote store, and throw
 * {@link ReplayLogException} when it fails; they never block indefinitely.
 */
public interface ReplayLog extends AutoCloseable {

    /**
     * An in-memory log with {@link ReplayLogLimits#defaults()}.
     *
     * @return a new log
     */
    static ReplayLog inMemory() {
        return inMemory(ReplayLogLimits.defaults(), Ticker.system(), Clock.systemUTC());
    }

    /**
     * An in-memory log.
     *
     * @param limits its bounds
     * @param ticker monotonic time, for ages
     * @param clock wall time, for {@link StoredEvent#storedAtMillis()}
     * @return a new log
     */
    static ReplayLog inMemory(ReplayLogLimits limits, Ticker ticker, Clock clock) {
        return new InMemoryReplayLog(limits, ticker, clock);
    }

    /**
     * Appends an event: assigns the next seq of the stream's current epoch (starting a new epoch
     * at seq 1 if the log holds nothing of the stream), lets {@code encoder} build the frame for
     * that position, and stores it.
     *
     * @param stream the stream
     * @param type the event type
     * @param run the run that emitted it, if any
     * @param lifecycle whether it is a lifecycle event
     * @param encoder builds the frame for the assigned seq and epoch
     * @return the stored event
     * @throws ReplayLogException if the event could not be stored; nothing was stored
     */
    StoredEvent append(StreamId stream, String type, Optional<RunId> run, boolean lifecycle,
            EventEncoder encoder);

    /**
     * Appends an event of a streamed message or tool call, as {@link #append(StreamId, String,
     * Optional, boolean, EventEncoder)} does, telling the log which message it belongs to and, for
     * a delta, its text. A log should keep a message compactly (its memory growing with the text,
     * not with the number of deltas times a frame), must not count deltas against a bound on the
     * number of events, and may answer a replay with {@link StoredDelta}s.
     *
     * <p>The default stores the event as any other, so a log written before deltas existed stays
     * correct; it then keeps one frame per delta and counts them like events.
     *
     * @param stream the stream
     * @param type the event type
     * @param run the run that emitted it, if any
     * @param lifecycle whether it is a lifecycle event ({@code false} for deltas)
     * @param part the message part
     * @param encoder builds the frame for the assigned seq and epoch; its frame goes to live
     *     clients, and a compacting log need not keep it
     * @return the stored event, with the frame for live clients
     * @throws ReplayLogException if the event could not be stored; nothing was stored
     */
    default StoredEvent append(StreamId stream, String type, Optional<RunId> run,
            boolean lifecycle, MessagePart part, EventEncoder encoder) {
        return append(stream, type, run, lifecycle, encoder);
    }

    /**
     * Answers a cursor: every event after it, or why the gap cannot be filled.
     *
     * @param cursor where the client is
     * @return the events or the gap
     * @throws ReplayLogException if the log could not be read
     */
    Replay read(StreamCursor cursor);

    /**
     * Answers a cursor with the events after it and before {@code beforeSeq} only: the manager
     * asks so when a connection already received the stream live from {@code beforeSeq} on. A
     * {@link StoredDelta} that spans {@code beforeSeq} is cut before it.
     *
     * <p>The default filters {@link #read(StreamCursor)}; a log whose replays hold
     * {@link StoredDelta}s of several seqs must override it, since only it can cut one (the
     * default refuses such a cut with {@link ReplayLogException}, which the manager answers
     * {@code busy}).
     *
     * @param cursor where the client is
     * @param beforeSeq the first seq not to answer; {@link Long#MAX_VALUE} for all
     * @return the events or the gap
     * @throws ReplayLogException if the log could not be read
     */
    default Replay read(StreamCursor cursor, long beforeSeq) {
        Replay answer = read(cursor);
        if (beforeSeq == Long.MAX_VALUE || !(answer instanceof Replay.Events events)) {
            return answer;
        }
        List<LoggedEvent> kept = new ArrayList<>();
        for (LoggedEvent event : events.events()) {
            if (event.seq() < beforeSeq) {
                kept.add(event);
            } else if (event.seqFrom() < beforeSeq) {
                throw new ReplayLogException("this log cannot cut a stored delta of "
                        + cursor.stream() + " before seq " + beforeSeq, null);
            }
        }
        return new Replay.Events(kept, events.state());
    }

    /**
     * A stream's current state.
     *
     * @param stream the stream
     * @return its state; {@link StreamState#empty} if the log holds nothing of it
     * @throws ReplayLogException if the log could not be read
     */
    StreamState state(StreamId stream);

    /**
     * Finds one stored event, for acknowledgement latency. A log that keeps deltas compactly may
     * answer empty for a delta's seq.
     *
     * @param stream the stream
     * @param seq the seq
     * @return the event, if still kept
     */
    Optional<StoredEvent> find(StreamId stream, long seq);

    /** Releases the log's resources. The default does nothing. */
    @Override
    default void close() {
    }
}
