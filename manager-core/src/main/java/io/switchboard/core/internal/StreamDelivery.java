package io.switchboard.core.internal;

import io.switchboard.core.ManagerStats.FrameFailure;
import io.switchboard.core.SendOutcome;
import io.switchboard.core.SendStatus;
import io.switchboard.core.cluster.ClusterPort;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.event.AgentEvent;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.replay.EventEncoder;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.OpenMessage;
import io.switchboard.core.internal.wire.Envelope;
import io.switchboard.core.internal.wire.EventEncodingException;
import io.switchboard.core.internal.wire.WireCodec;
import io.switchboard.core.internal.wire.WireTypes;
import io.switchboard.core.replay.GapReason;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLog;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbered, replayable delivery. Appending an event to its stream and queueing it for the
 * stream's live connections happen under the stream's lock; so do reading the log for a resuming
 * connection and subscribing it. Hence each event reaches a connection exactly once: in its replay
 * or live after it. Queues are kicked, and overflowing connections closed, only after the lock is
 * released, so no transport call or observer runs under it.
 */
final class StreamDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(StreamDelivery.class);

    private final ReplayLog log;
    private final StreamLocks locks = new StreamLocks();
    private final WireCodec codec;
    private final StatsRecorder stats;
    private final ClusterPort cluster;
    private final Clock clock;
    private final Consumer<Session> onOverflow;

    StreamDelivery(ReplayLog log, WireCodec codec, StatsRecorder stats, ClusterPort cluster,
            Clock clock, Consumer<Session> onOverflow) {
        this.log = log;
        this.codec = codec;
        this.stats = stats;
        this.cluster = cluster;
        this.clock = clock;
        this.onOverflow = onOverflow;
    }

    /** Collects what to do once the stream lock is released. */
    private final class AfterUnlock {
        private final Set<Session> kick = new LinkedHashSet<>();
        private final List<Session> overflowed = new ArrayList<>();

        void run() {
            kick.forEach(session -> session.outbound().kick());
            overflowed.forEach(onOverflow);
        }
    }

    /**
     * Stores an event in {@code stream} and queues it for {@code live} (read under the lock).
     */
    SendOutcome send(StreamId stream, Target target, Supplier<Collection<Session>> live,
            AgentEvent event, RunId run, EventTracing.Emission emission) {
        AfterUnlock after = new AfterUnlock();
        Lock lock = locks.of(stream);
        SendOutcome outcome;
        MessagePart part = MessageParts.of(event);
        ThreadId thread = stream.thread().orElse(null);
        lock.lock();
        try {
            Instant ts = clock.instant();
            EventEncoder encoder = (seq, epoch) -> Tracing.carrying(codec.encode(
                    new Envelope(event, stream.wireName(), seq, epoch, run, thread, ts)), emission);
            StoredEvent stored = part == null
                    ? log.append(stream, event.type(), Optional.ofNullable(run), !event.droppable(),
                            encoder)
                    : log.append(stream, event.type(), Optional.ofNullable(run), !event.droppable(),
                            part, encoder);
            LiveDelta delta = part != null && part.kind().isDelta()
                    ? new LiveDelta(stream.wireName(), stored.epoch(), stored.seq(), run, thread,
                            part, ts)
                    : null;
            String coalesceKey = event.droppable()
                    ? stream.wireName() + '|' + event.type() + '|' + run : null;
            int queued = 0;
            int failed = 0;
            for (Session session : live.get()) {
                if (deliverLive(session, stream, stored, coalesceKey, delta, after)) {
                    queued++;
                } else {
                    failed++;
                }
            }
            int forwarded = cluster.forward(target, stored.frame());
            outcome = new SendOutcome(queued + forwarded > 0 ? SendStatus.QUEUED : SendStatus.STORED,
                    queued, forwarded, failed, true);
        } catch (EventEncodingException e) {
            LOG.warn("event of type {} could not be encoded", event.type(), e);
            outcome = SendOutcome.of(SendStatus.ENCODING_FAILED);
        } catch (RuntimeException e) {
            LOG.warn("replay log could not store an event of stream {}", stream, e);
            outcome = SendOutcome.of(SendStatus.STORE_FAILED);
        } finally {
            lock.unlock();
        }
        after.run();
        stats.send(outcome.status());
        return outcome;
    }

    /** Subscribes a connection to a thread of its user, resuming from {@code from} if given. */
    void subscribe(Session session, ThreadId thread, Optional<StreamCursor> from) {
        StreamId stream = StreamId.ofThread(session.user(), thread);
        AfterUnlock after = new AfterUnlock();
        Lock lock = locks.of(stream);
        lock.lock();
        try {
            if (session.isRemoved()) {
                return;
            }
            session.threads().add(thread);
            offer(session, codec.subscription(WireTypes.SUBSCRIBED, thread), after);
            from.ifPresent(cursor -> replay(session, cursor, after));
        } finally {
            lock.unlock();
            after.run();
        }
    }

    void unsubscribe(Session session, ThreadId thread) {
        StreamId stream = StreamId.ofThread(session.user(), thread);
        AfterUnlock after = new AfterUnlock();
        Lock lock = locks.of(stream);
        lock.lock();
        try {
            session.threads().remove(thread);
            session.forgetStream(stream);
            offer(session, codec.subscription(WireTypes.UNSUBSCRIBED, thread), after);
        } finally {
            lock.unlock();
            after.run();
        }
    }

    /**
     * Resumes a stream for a connection: a thread stream is subscribed as well; the user stream
     * is always live. A stream of another user is refused without revealing anything.
     */
    void resume(Session session, StreamCursor cursor) {
        StreamId stream = cursor.stream();
        if (!stream.user().equals(session.user())) {
            stats.recoveryFailed(GapReason.UNKNOWN_STREAM.wireName());
            AfterUnlock after = new AfterUnlock();
            offer(session, codec.recoveryFailed(stream.wireName(), GapReason.UNKNOWN_STREAM, null,
                    List.of()), after);
            after.run();
            return;
        }
        if (stream.thread().isPresent()) {
            subscribe(session, stream.thread().get(), Optional.of(cursor));
            return;
        }
        AfterUnlock after = new AfterUnlock();
        Lock lock = locks.of(stream);
        lock.lock();
        try {
            replay(session, cursor, after);
        } finally {
            lock.unlock();
            after.run();
        }
    }

    /**
     * Under the lock of the user's stream: hands {@code welcome} the stream's position, runs
     * {@code admission}, then replays that stream from {@code cursor} before any live event can
     * reach the new connection. As no event of the stream can be appended between reading its
     * position and admitting the connection, every event after that position reaches the
     * connection live. The connection's queue is still paused, so nothing is kicked here.
     */
    <T> T admitResuming(StreamId userStream, Consumer<Optional<StreamState>> welcome,
            Supplier<T> admission, Function<T, Session> admitted, Optional<StreamCursor> cursor) {
        AfterUnlock after = new AfterUnlock();
        Lock lock = locks.of(userStream);
        lock.lock();
        try {
            welcome.accept(position(userStream));
            T result = admission.get();
            Session session = admitted.apply(result);
            if (session != null && cursor.isPresent()) {
                replay(session, cursor.get(), after);
            }
            return result;
        } finally {
            lock.unlock();
            after.run();
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

    // Under the stream's lock.
    private void replay(Session session, StreamCursor cursor, AfterUnlock after) {
        // Events already delivered live on this connection are not sent twice; live delivery runs
        // in seq order from its first event, so everything from there on was sent.
        long firstLive = session.firstLiveSeq(cursor.stream());
        Replay answer;
        try {
            answer = log.read(cursor, firstLive);
        } catch (RuntimeException e) {
            LOG.warn("replay log could not be read for stream {}", cursor.stream(), e);
            fail(session, cursor.stream(), GapReason.BUSY, null, List.of(), after);
            return;
        }
        if (answer instanceof Replay.Gap gap) {
            fail(session, cursor.stream(), gap.reason(), gap.state(), gap.openMessages(), after);
            return;
        }
        List<TextFrame> batch = ReplayFrames.of(cursor.stream(), ((Replay.Events) answer).events(),
                codec);
        int replayed = batch.size();
        // The recovered frame ends the batch and is queued with it, so a batch that fills the
        // queue can never leave its terminator behind.
        batch.add(codec.recovered(cursor.stream(), replayed, answer.state()));
        if (!session.outbound().offerReplay(batch)) {
            fail(session, cursor.stream(), GapReason.BUSY, answer.state(), List.of(), after);
            return;
        }
        stats.resumed(replayed);
        after.kick.add(session);
    }

    private void fail(Session session, StreamId stream, GapReason reason,
            StreamState state, List<OpenMessage> openMessages, AfterUnlock after) {
        stats.recoveryFailed(reason.wireName());
        offer(session, codec.recoveryFailed(stream.wireName(), reason, state, openMessages), after);
    }

    private boolean deliverLive(Session session, StreamId stream, StoredEvent stored,
            String coalesceKey, LiveDelta delta, AfterUnlock after) {
        if (session.isRemoved()) {
            stats.framesFailed(FrameFailure.CONNECTION_CLOSED, 1);
            return false;
        }
        OutboundQueue.Offer offered = delta == null
                ? session.outbound().offer(stored.frame(), coalesceKey)
                : session.outbound().offerDelta(stored.frame(), delta);
        switch (offered) {
            case QUEUED:
            case COALESCED:
            case MERGED:
                session.deliveredLive(stream, stored.seq());
                after.kick.add(session);
                return true;
            case DROPPED:
                return false;
            case OVERFLOW:
                stats.framesFailed(FrameFailure.QUEUE_OVERFLOW, 1);
                after.overflowed.add(session);
                return false;
            default:
                stats.framesFailed(FrameFailure.CONNECTION_CLOSED, 1);
                return false;
        }
    }

    // Control frames are lifecycle-grade: never dropped; an overflow closes the connection.
    private void offer(Session session, TextFrame frame, AfterUnlock after) {
        OutboundQueue.Offer result = session.outbound().offer(frame, null);
        if (result == OutboundQueue.Offer.OVERFLOW) {
            after.overflowed.add(session);
        } else {
            after.kick.add(session);
        }
    }
}
