package io.switchboard.core.cluster;

import io.switchboard.core.id.RunId;
import io.switchboard.core.replay.EventEncoder;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.ReplayLogException;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamId;
import java.util.Objects;
import java.util.Optional;

/**
 * The replay log a cluster port brings with it ({@link ClusterPort#replayLog()}): it numbers each
 * stream for the whole cluster, and storing an event and handing it to the other instances that
 * hold the stream's user are one call. The manager uses it instead of any other log, so the port
 * and its log can only be wired together.
 *
 * <h2>Threading</h2>
 * As {@link ReplayLog}: thread-safe; the manager holds the stream's lock around each call on this
 * instance; calls block for a bounded time on the shared store.
 */
public interface ClusterReplayLog extends ReplayLog {

    /**
     * What {@link #appendAndRoute} did.
     *
     * @param event the stored event
     * @param forwarded what was handed to other instances
     */
    record Routed(StoredEvent event, Forwarded forwarded) {
        /**
         * Checks the parts.
         *
         * @param event the stored event
         * @param forwarded what was handed to other instances
         */
        public Routed {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(forwarded, "forwarded");
        }
    }

    /**
     * Appends an event like {@link ReplayLog#append} and hands its frame to every other instance
     * that holds a connection of the stream's user. {@code key} names the event across attempts:
     * an attempt whose answer was lost (the store took it, the reply never came) and a retry of it
     * with the same key store the event once, and the retry answers the stored event. A key of the
     * form {@code name:n} (n a decimal number) comes from one sender that sends one event at a time,
     * with {@code n} growing: an attempt of {@code name:n} is only ever retried before any attempt
     * of {@code name:n+1}, so the log may remember the newest {@code n} of each name only. Any
     * other key names one event.
     *
     * <p>An event of a streamed message or tool call comes with its {@code part}, as in
     * {@link ReplayLog#append(StreamId, String, Optional, boolean, MessagePart, EventEncoder)}: the
     * log keeps such a message compactly, counts its deltas against no bound on the number of
     * events, and can name it in a gap's open messages. The frame handed to other instances is
     * the event's own frame either way; they recognise a delta by it and may merge it.
     *
     * @param stream the stream
     * @param type the event type
     * @param run the run that emitted it, if any
     * @param lifecycle whether it is a lifecycle event
     * @param part the message part of an event of a streamed message or tool call; null for any
     *     other event
     * @param key the same for every attempt to store this one event, unique otherwise
     * @param encoder builds the frame for the assigned seq and epoch
     * @return the stored event and what was forwarded
     * @throws ReplayLogException if the event could not be stored; nothing was stored
     */
    Routed appendAndRoute(StreamId stream, String type, Optional<RunId> run, boolean lifecycle,
            MessagePart part, String key, EventEncoder encoder);
}
