package io.switchboard.core.internal;

import io.switchboard.core.SendOutcome;
import io.switchboard.core.SendStatus;
import io.switchboard.core.cluster.ClusterPort;
import io.switchboard.core.cluster.ClusterReplayLog;
import io.switchboard.core.cluster.Forwarded;
import io.switchboard.core.event.AgentEvent;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.internal.wire.Envelope;
import io.switchboard.core.internal.wire.EventEncodingException;
import io.switchboard.core.internal.wire.StreamPosition;
import io.switchboard.core.internal.wire.WireCodec;
import io.switchboard.core.internal.wire.WireTypes;
import io.switchboard.core.replay.EventEncoder;
import io.switchboard.core.replay.GapReason;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.ReplayLogException;
import io.switchboard.core.replay.StoredEvent;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import io.switchboard.core.spi.EventTracing;
import io.switchboard.core.spi.TextFrame;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbered, replayable delivery. Appending an event to its stream and queueing it for the
 * stream's connections happen under the stream's lock; so do delivering a frame another instance
 * stored, reading the log for a resuming connection, and subscribing it. {@link StreamOrder} keeps
 * each connection's place in the stream, so each event reaches a connection once, in order: live,
 * from another instance, or in a replay. Queues are kicked, and overflowing connections closed,
 * only after the lock is released, so no transport call or observer runs under it.
 */
final class StreamDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(StreamDelivery.class);

    private final ReplayLog log;
    private final ClusterReplayLog routingLog;
    private final StreamLocks locks = new StreamLocks();
    private final WireCodec codec;
    private final StatsRecorder stats;
    private final ClusterPort cluster;
    private final Clock clock;
    private final Consumer<Session> onOverflow;
    private final StreamOrder order;
    private final Router router;

    StreamDelivery(ReplayLog log, WireCodec codec, StatsRecorder stats, ClusterPort cluster,
            Clock clock, Router router, Consumer<Session> onOverflow) {
        this.log = log;
        this.routingLog = log instanceof ClusterReplayLog routing ? routing : null;
        this.codec = codec;
        this.stats = stats;
        this.cluster = cluster;
        this.clock = clock;
        this.onOverflow = onOverflow;
        this.router = router;
        this.order = new StreamOrder(log, codec, stats, router);
    }

    /**
     * Stores an event in its stream and queues it for the connections that follow it, read under
     * the stream's lock. {@code key} is the same for every attempt to send this one event.
     */
    SendOutcome send(StreamAddress address, AgentEvent event, RunId run, EventKey key,
            EventTracing.Emission emission) {
        AfterUnlock after = AfterUnlock.forStreamEvent();
        SendOutcome outcome;
        synchronized (locks.of(address.id())) {
            outcome = appendAndQueue(address, event, run, key, emission, after);
        }
        after.run(onOverflow);
        stats.send(outcome.status());
        return outcome;
    }

    // Under the stream's lock.
    private SendOutcome appendAndQueue(StreamAddress address, AgentEvent event, RunId run,
            EventKey key, EventTracing.Emission emission, AfterUnlock after) {
        StreamId stream = address.id();
        String wireName = address.wireName();
        MessagePart part = MessageParts.of(event);
        ThreadId thread = stream.thread().orElse(null);
        SendOutcome outcome;
        try {
            // One time for every attempt, so a retry encodes the same frame.
            Instant ts = clock.instant();
            EventEncoder encoder = (seq, epoch) -> Tracing.carrying(codec.encode(
                    new Envelope(event, wireName, seq, epoch, run, thread, ts), address.ids()),
                    emission);
            Optional<RunId> runId = Optional.ofNullable(run);
            StoredEvent stored;
            Forwarded forwarded = null;
            if (routingLog != null) {
                ClusterReplayLog.Routed routed = routingLog.appendAndRoute(stream, event.type(),
                        runId, !event.droppable(), part, key.value(), encoder);
                stored = routed.event();
                forwarded = routed.forwarded();
            } else if (part != null) {
                stored = log.append(stream, event.type(), runId, !event.droppable(), part, encoder);
            } else {
                stored = log.append(stream, event.type(), runId, !event.droppable(), encoder);
            }
            LiveDelta delta = part != null && part.kind().isDelta()
                    ? new LiveDelta(wireName, stored.epoch(), stored.seq(), stored.seq(),
                            run, thread, part, ts)
                    : null;
            StreamFrame frame = new StreamFrame(stored.epoch(), stored.seq(), stored.seq(),
                    stored.frame(), event.droppable()
                            ? StreamOrder.coalesceKey(stream, event.type(), runId) : null,
                    delta);
            int queued = 0;
            int failed = 0;
            // Indexed: the lists are random access, and an iterator per event is garbage.
            List<Session> targets = router.targets(address);
            for (int i = 0; i < targets.size(); i++) {
                StreamOrder.Delivery delivery = order.deliver(targets.get(i), stream, frame,
                        after);
                if (delivery == StreamOrder.Delivery.QUEUED) {
                    queued++;
                } else if (delivery == StreamOrder.Delivery.FAILED) {
                    failed++;
                }
            }
            if (forwarded == null) {
                forwarded = cluster.forward(address.target(), stored.frame());
            }
            outcome = StoredOutcomes.of(queued, forwarded.instances(), failed,
                    forwarded.failed());
        } catch (EventEncodingException e) {
            LOG.warn("event of type {} could not be encoded", event.type(), e);
            outcome = SendOutcome.of(SendStatus.ENCODING_FAILED);
        } catch (ReplayLogException e) {
            LOG.warn("replay log could not store an event of stream {}{}", stream,
                    e.storedUnknown() ? " (it may have stored it)" : "", e);
            outcome = SendOutcome.of(e.storedUnknown() ? SendStatus.STORE_UNCONFIRMED
                    : SendStatus.STORE_FAILED);
        } catch (RuntimeException e) {
            LOG.warn("replay log could not store an event of stream {}", stream, e);
            outcome = SendOutcome.of(SendStatus.STORE_FAILED);
        }
        return outcome;
    }

    /**
     * Delivers a numbered frame another instance stored, in its stream's order, to
     * {@code targets} (read under the lock).
     *
     * @return how many connections it was queued for
     */
    int deliverRemote(StreamPosition position, TextFrame frame,
            Supplier<Collection<Session>> targets) {
        StreamId stream = position.stream();
        LiveDelta delta = position.delta().map(d -> new LiveDelta(stream.wireName(),
                position.epoch(), position.seqFrom(), position.seq(), d.run().orElse(null),
                stream.thread().orElse(null), d.part(), d.ts())).orElse(null);
        StreamFrame numbered = new StreamFrame(position.epoch(), position.seqFrom(),
                position.seq(), frame, null, delta);
        AfterUnlock after = AfterUnlock.forStreamEvent();
        int queued = 0;
        synchronized (locks.of(stream)) {
            for (Session session : targets.get()) {
                if (order.deliver(session, stream, numbered, after)
                        == StreamOrder.Delivery.QUEUED) {
                    queued++;
                }
            }
        }
        after.run(onOverflow);
        return queued;
    }

    /**
     * Checks every stream some of {@code sessions} are placed in against the log, and brings
     * each connection that is behind up to date: one state read per stream.
     */
    void verify(Collection<Session> sessions) {
        Map<StreamId, List<Session>> byStream = new HashMap<>();
        for (Session session : sessions) {
            for (StreamId stream : session.placedStreams()) {
                byStream.computeIfAbsent(stream, ignored -> new ArrayList<>()).add(session);
            }
        }
        byStream.forEach((stream, placed) -> {
            AfterUnlock after = new AfterUnlock();
            synchronized (locks.of(stream)) {
                try {
                    StreamState state = log.state(stream);
                    for (Session session : placed) {
                        StreamPlace place = session.place(stream);
                        if (!session.isRemoved() && place != null && !place.waiting()
                                && !place.upToDate(state)) {
                            order.catchUp(session, stream, after);
                        }
                    }
                } catch (RuntimeException e) {
                    // The log cannot say now; the next verification (the port repeats it) will.
                    LOG.warn("replay log could not verify stream {}", stream, e);
                }
            }
            after.run(onOverflow);
        });
    }

    /** Subscribes a connection to a thread of its user, resuming from {@code from} if given. */
    void subscribe(Session session, ThreadId thread, Optional<StreamCursor> from) {
        StreamId stream = StreamId.ofThread(session.user(), thread);
        AfterUnlock after = new AfterUnlock();
        try {
            synchronized (locks.of(stream)) {
                if (session.isRemoved()) {
                    return;
                }
                session.subscribe(thread);
                router.subscriptionsChanged();
                order.control(session, codec.subscription(WireTypes.SUBSCRIBED, thread), after);
                if (from.isPresent()) {
                    order.replay(session, from.get(), after);
                } else if (session.place(stream) == null) {
                    order.placeAtNewest(session, stream);
                }
            }
        } finally {
            after.run(onOverflow);
        }
    }

    void unsubscribe(Session session, ThreadId thread) {
        StreamId stream = StreamId.ofThread(session.user(), thread);
        AfterUnlock after = new AfterUnlock();
        try {
            synchronized (locks.of(stream)) {
                session.unsubscribe(thread);
                router.subscriptionsChanged();
                session.forgetStream(stream);
                order.control(session, codec.subscription(WireTypes.UNSUBSCRIBED, thread), after);
            }
        } finally {
            after.run(onOverflow);
        }
    }

    /**
     * Resumes a stream for a connection: a thread stream is subscribed as well; the user stream
     * is always live. A stream of another user is refused without revealing anything.
     */
    void resume(Session session, StreamCursor cursor) {
        StreamId stream = cursor.stream();
        if (!stream.user().equals(session.user())) {
            AfterUnlock after = new AfterUnlock();
            order.fail(session, stream, GapReason.UNKNOWN_STREAM, null, List.of(), after);
            after.run(onOverflow);
            return;
        }
        if (stream.thread().isPresent()) {
            subscribe(session, stream.thread().get(), Optional.of(cursor));
            return;
        }
        AfterUnlock after = new AfterUnlock();
        try {
            synchronized (locks.of(stream)) {
                order.replay(session, cursor, after);
            }
        } finally {
            after.run(onOverflow);
        }
    }

    /**
     * Under the lock of the user's stream: hands {@code welcome} the stream's position, runs
     * {@code admission}, then replays that stream from {@code cursor} (or places the connection at
     * that position) before any live event can reach the new connection. As no event of the
     * stream can be appended on this instance between reading its position and admitting the
     * connection, every later event reaches the connection live (from another instance, through
     * the stream's order). The connection's queue is still paused, so nothing is kicked here.
     */
    <T> T admitResuming(StreamId userStream, Consumer<Optional<StreamState>> welcome,
            Supplier<T> admission, Function<T, Session> admitted, Optional<StreamCursor> cursor) {
        AfterUnlock after = new AfterUnlock();
        try {
            synchronized (locks.of(userStream)) {
                Optional<StreamState> position = position(userStream);
                welcome.accept(position);
                T result = admission.get();
                Session session = admitted.apply(result);
                if (session != null) {
                    if (cursor.isPresent()) {
                        order.replay(session, cursor.get(), after);
                    } else {
                        // Where the welcome said: one read, so the two never disagree.
                        position.ifPresent(state -> order.placeAt(session, state));
                    }
                }
                return result;
            }
        } finally {
            after.run(onOverflow);
        }
    }

    // Under the stream's lock. A log that cannot answer leaves the position unsaid; the client
    // then resumes from its own cursor, as it would without one.
    private Optional<StreamState> position(StreamId stream) {
        try {
            return Optional.of(log.state(stream));
        } catch (RuntimeException e) {
            LOG.debug("replay log could not tell the position of {}", stream, e);
            return Optional.empty();
        }
    }

    /** Records an acknowledgement and its latency. */
    boolean ack(Session session, StreamId stream, long seq) {
        if (!stream.user().equals(session.user())) {
            return false;
        }
        long latency = -1;
        try {
            latency = log.find(stream, seq).map(event -> clock.millis() - event.storedAtMillis())
                    .orElse(-1L);
        } catch (RuntimeException e) {
            LOG.debug("replay log could not find an acknowledged event of {}", stream, e);
        }
        stats.ack(latency);
        return true;
    }
}
