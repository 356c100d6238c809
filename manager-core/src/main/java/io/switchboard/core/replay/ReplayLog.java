package io.switchboard.core.replay;

import io.switchboard.core.Ticker;
import io.switchboard.core.id.RunId;
import io.switchboard.core.internal.replay.InMemoryReplayLog;
import java.time.Clock;
import java.util.Optional;

/**
 * Where a stream's events are kept so that a client that reconnects receives exactly what it
 * missed. The log numbers each stream's events with a strictly increasing {@code seq} within an
 * {@code epoch}; the epoch changes whenever the log loses a stream's history (eviction, restart,
 * data loss), so that a cursor from before can never be mistaken for one after.
 *
 * <p>The default, {@link #inMemory()}, is bounded by count and age per stream and by bytes in
 * all. The Redis module provides a shared implementation, so a client may resume on any instance.
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
     * Answers a cursor: every event after it, or why the gap cannot be filled.
     *
     * @param cursor where the client is
     * @return the events or the gap
     * @throws ReplayLogException if the log could not be read
     */
    Replay read(StreamCursor cursor);

    /**
     * A stream's current state.
     *
     * @param stream the stream
     * @return its state; {@link StreamState#empty} if the log holds nothing of it
     * @throws ReplayLogException if the log could not be read
     */
    StreamState state(StreamId stream);

    /**
     * Finds one stored event, for acknowledgement latency.
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
