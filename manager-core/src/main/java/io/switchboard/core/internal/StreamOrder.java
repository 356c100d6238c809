package io.switchboard.core.internal;

import io.switchboard.core.ManagerStats.FrameFailure;
import io.switchboard.core.id.RunId;
import io.switchboard.core.internal.wire.WireCodec;
import io.switchboard.core.replay.GapReason;
import io.switchboard.core.replay.OpenMessage;
import io.switchboard.core.replay.Replay;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import io.switchboard.core.spi.TextFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets each connection a stream's events in the log's order, whichever way they come: appended
 * here, forwarded by another instance, or replayed. Each connection has a place in each stream it
 * follows ({@link StreamPlace}): the next frame in order is queued; one it already has is not
 * queued again; one beyond a gap makes it catch up from the log first, which answers exactly what
 * comes next or why it cannot (then the connection gets {@code recovery_failed} and continues with
 * the start of the stream's current epoch). The log is the truth; routing only makes it fast.
 *
 * <p>A frame may cover several seqs (deltas of one message merged, {@code seq_from}..{@code seq}):
 * it follows a place when its first seq does, and a connection has it when its last seq is
 * covered. Logs cut stored deltas at a cursor and before a seq, so the frames of a read never
 * overlap a place: a resume asks the log for what lies before the connection's place and what lies
 * after it, never for what it was queued already.
 *
 * <p>Every method runs under the stream's lock, with the pass's {@link AfterUnlock}.
 */
final class StreamOrder {

    private static final Logger LOG = LoggerFactory.getLogger(StreamOrder.class);

    private final ReplayLog log;
    private final WireCodec codec;
    private final StatsRecorder stats;
    private final Router router;

    StreamOrder(ReplayLog log, WireCodec codec, StatsRecorder stats, Router router) {
        this.log = log;
        this.codec = codec;
        this.stats = stats;
        this.router = router;
    }

    /** What became of one frame for one connection. */
    enum Delivery {
        /** Queued now (perhaps merged into a waiting delta), or earlier (the connection had it). */
        QUEUED,
        /** Not queued now: the connection waits for its client to resume, or the log superseded it. */
        WAITING,
        /** The connection could not take it (closed, overflowing, dropped under pressure). */
        FAILED
    }

    /** Queues one frame for a connection, in order. */
    Delivery deliver(Session session, StreamId stream, StreamFrame frame, AfterUnlock after) {
        if (session.isRemoved()) {
            stats.framesFailed(FrameFailure.CONNECTION_CLOSED, 1);
            return Delivery.FAILED;
        }
        // Asked in place: a live event makes no StreamPlace.
        Session.Placed place = session.placed(stream);
        if (place != null && place.waiting()) {
            return Delivery.WAITING;
        }
        if (place == null || place.followedBy(frame.epoch(), frame.seqFrom())) {
            return offer(session, place, stream, frame, after) ? Delivery.QUEUED : Delivery.FAILED;
        }
        if (place.covers(frame.epoch(), frame.seq())) {
            return Delivery.QUEUED;
        }
        catchUp(session, stream, after);
        StreamPlace now = session.place(stream);
        if (session.isRemoved()) {
            return Delivery.FAILED;
        }
        if (now != null && now.covers(frame.epoch(), frame.seq())) {
            return Delivery.QUEUED;
        }
        // The log lost the stream again since this frame was appended (a bounded log evicting
        // under pressure): the connection was told, and stands at the start. The frame in hand is
        // the newest event; it goes out rather than being lost to a log that no longer has it.
        if (StreamPlace.START.equals(now)) {
            return offer(session, session.placed(stream), stream, frame, after) ? Delivery.QUEUED
                    : Delivery.FAILED;
        }
        return Delivery.WAITING;
    }

    /**
     * Brings a placed connection up to the log's newest event: what it misses, in order, or a
     * {@code recovery_failed} and the current epoch from its start.
     */
    void catchUp(Session session, StreamId stream, AfterUnlock after) {
        StreamPlace place = session.place(stream);
        if (place == null || place.waiting()) {
            return;
        }
        Replay answer = read(place.cursor(stream), Long.MAX_VALUE, after);
        if (answer == null) {
            waitForResume(session, stream, place, after);
        } else if (answer instanceof Replay.Gap gap) {
            gap(session, stream, gap, after);
        } else {
            queue(session, stream, (Replay.Events) answer, after);
        }
    }

    /**
     * Answers a client's resume: the events after its cursor that this connection was not queued
     * yet, then {@code recovered}; or {@code recovery_failed}.
     */
    void replay(Session session, StreamCursor cursor, AfterUnlock after) {
        StreamId stream = cursor.stream();
        StreamPlace place = session.place(stream);
        List<Replay> answers;
        if (place != null && place.epoch() != null && cursor.epoch().isEmpty()
                && cursor.seq() == 0) {
            // A client with nothing of the stream, on a connection queued part of it: from the
            // start of that part's epoch, unless the log has moved on to another one.
            answers = around(new StreamCursor(stream, Optional.of(place.epoch()), 0), place, after);
            if (answers.get(0) instanceof Replay.Gap gap
                    && gap.reason() == GapReason.EPOCH_CHANGED) {
                answers = around(cursor, place, after);
            }
        } else {
            answers = around(cursor, place, after);
        }
        List<StreamFrame> frames = new ArrayList<>();
        for (Replay answer : answers) {
            if (answer == null) {
                fail(session, stream, GapReason.BUSY, null, List.of(), after);
                return;
            }
            if (answer instanceof Replay.Gap gap) {
                gap(session, stream, gap, after);
                return;
            }
            for (StreamFrame frame : ReplayFrames.of(stream, ((Replay.Events) answer).events(),
                    codec)) {
                if (place == null || !place.covers(frame.epoch(), frame.seq())) {
                    frames.add(frame);
                }
            }
        }
        StreamState state = answers.get(answers.size() - 1).state();
        List<TextFrame> batch = new ArrayList<>(frames.size() + 1);
        frames.forEach(frame -> batch.add(frame.frame()));
        int replayed = batch.size();
        // The recovered frame ends the batch and is queued with it, so a batch that fills the
        // queue can never leave its terminator behind.
        batch.add(codec.recovered(stream, replayed, state));
        if (!session.outbound().offerReplay(batch)) {
            fail(session, stream, GapReason.BUSY, state, List.of(), after);
            return;
        }
        // Everything after the cursor up to the log's newest event is queued now.
        String epoch = state.epoch().orElse(null);
        long low = Objects.equals(cursor.epoch().orElse(null), epoch) ? cursor.seq() : 0;
        session.place(stream, place == null ? new StreamPlace(epoch, low, state.lastSeq(), false)
                : place.replayed(epoch, low, state.lastSeq()));
        stats.resumed(replayed);
        after.kick(session);
    }

    // What the log has after the cursor and the connection was not queued: when the connection
    // has (from, seq] of the cursor's epoch, only what lies before and after that.
    private List<Replay> around(StreamCursor cursor, StreamPlace place, AfterUnlock after) {
        List<Replay> answers = new ArrayList<>(2);
        if (place != null && cursor.epoch().isPresent()
                && cursor.epoch().get().equals(place.epoch()) && place.seq() > cursor.seq()) {
            if (cursor.seq() < place.from()) {
                answers.add(read(cursor, place.from() + 1, after));
            }
            answers.add(read(place.cursor(cursor.stream()), Long.MAX_VALUE, after));
        } else {
            answers.add(read(cursor, Long.MAX_VALUE, after));
        }
        return answers;
    }

    /** Places a connection that follows a stream from now on: after the log's newest event. */
    void placeAtNewest(Session session, StreamId stream) {
        try {
            session.place(stream, StreamPlace.at(log.state(stream)));
        } catch (RuntimeException e) {
            // Without the log's position the connection is placed by the first event it gets.
            LOG.debug("replay log could not tell where stream {} is", stream, e);
        }
    }

    /** Places a connection that follows a stream from {@code state} on. */
    void placeAt(Session session, StreamState state) {
        session.place(state.stream(), StreamPlace.at(state));
    }

    static String coalesceKey(StreamId stream, String type, Optional<RunId> run) {
        return stream.wireName() + '|' + type + '|' + run.map(RunId::value).orElse("");
    }

    // A log that cannot be read answers null; the caller tells the client.
    private Replay read(StreamCursor cursor, long beforeSeq, AfterUnlock after) {
        Replay cached = after.read(cursor, beforeSeq);
        if (cached != null) {
            return cached;
        }
        try {
            Replay answer = log.read(cursor, beforeSeq);
            after.remember(cursor, beforeSeq, answer);
            return answer;
        } catch (RuntimeException e) {
            LOG.warn("replay log could not be read for stream {}", cursor.stream(), e);
            return null;
        }
    }

    // The connection is told what the log cannot give; after a lost epoch it continues with the
    // start of the new one.
    private void gap(Session session, StreamId stream, Replay.Gap gap, AfterUnlock after) {
        fail(session, stream, gap.reason(), gap.state(), gap.openMessages(), after);
        StreamState state = gap.state();
        if (gap.reason() != GapReason.EPOCH_CHANGED || state.epoch().isEmpty()) {
            session.place(stream, gap.reason() == GapReason.EPOCH_CHANGED ? StreamPlace.START
                    : StreamPlace.at(state));
            return;
        }
        StreamPlace start = StreamPlace.startOf(state.epoch());
        session.place(stream, start);
        Replay fresh = read(start.cursor(stream), Long.MAX_VALUE, after);
        if (fresh == null) {
            waitForResume(session, stream, start, after);
        } else if (fresh instanceof Replay.Gap again) {
            fail(session, stream, again.reason(), again.state(), again.openMessages(), after);
            session.place(stream, StreamPlace.at(again.state()));
        } else {
            queue(session, stream, (Replay.Events) fresh, after);
        }
    }

    // A catch-up is queued as one batch, as a resume's replay is (the log's read bounds it): a
    // connection further behind than the queue's bound is brought up to date rather than
    // overflowing and closed. Only a queue already full refuses it: the client is told busy.
    private void queue(Session session, StreamId stream, Replay.Events events, AfterUnlock after) {
        if (session.isRemoved()) {
            return;
        }
        StreamPlace place = session.place(stream);
        List<StreamFrame> batch = new ArrayList<>();
        StreamPlace reached = place;
        for (StreamFrame frame : ReplayFrames.of(stream, events.events(), codec)) {
            if (reached != null && reached.covers(frame.epoch(), frame.seq())) {
                continue;
            }
            batch.add(frame);
            reached = advanced(reached, frame);
        }
        if (batch.isEmpty()) {
            return;
        }
        if (!session.outbound().offerCatchUp(batch)) {
            if (place != null) {
                waitForResume(session, stream, place, after);
            } else {
                fail(session, stream, GapReason.BUSY, null, List.of(), after);
            }
            return;
        }
        session.place(stream, reached);
        after.kick(session);
    }

    // The log could not be read: the client is told busy and resumes; live events wait for it.
    private void waitForResume(Session session, StreamId stream, StreamPlace place,
            AfterUnlock after) {
        session.place(stream, place.waitingForResume());
        fail(session, stream, GapReason.BUSY, null, List.of(), after);
    }

    // place is the session's place in the stream, or null if it has none yet.
    private boolean offer(Session session, Session.Placed place, StreamId stream, StreamFrame frame,
            AfterUnlock after) {
        OutboundQueue.Offer offered = frame.delta() == null
                ? router.claimOrQueue(session, frame.frame(), frame.coalesceKey(), after)
                : router.queueDelta(session, frame.frame(), frame.delta(), after);
        boolean accepted = Router.accepted(offered);
        // A droppable event dropped under pressure: the client's seq skips it (documented).
        if (accepted || offered == OutboundQueue.Offer.DROPPED) {
            if (place != null) {
                place.advance(frame.epoch(), frame.seqFrom(), frame.seq());
            } else {
                session.place(stream, advanced(null, frame));
            }
        }
        return accepted;
    }

    private static StreamPlace advanced(StreamPlace place, StreamFrame frame) {
        return place == null
                ? new StreamPlace(frame.epoch(), frame.seqFrom() - 1, frame.seq(), false)
                : place.next(frame.epoch(), frame.seqFrom(), frame.seq());
    }

    void fail(Session session, StreamId stream, GapReason reason, StreamState state,
            List<OpenMessage> openMessages, AfterUnlock after) {
        stats.recoveryFailed(reason);
        control(session, codec.recoveryFailed(stream.wireName(), reason, state, openMessages),
                after);
    }

    // Control frames are lifecycle-grade: never dropped; an overflow closes the connection.
    void control(Session session, TextFrame frame, AfterUnlock after) {
        router.queue(session, frame, null, after);
    }
}
