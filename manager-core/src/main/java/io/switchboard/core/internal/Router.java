package io.switchboard.core.internal;

import io.switchboard.core.ManagerStats.FrameFailure;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.TextFrame;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one road from a frame to this instance's connections, whatever sent it: a numbered stream
 * event (through {@link StreamOrder}, which decides whether it is due), a control frame, an
 * unnumbered send or broadcast, or a frame another instance forwarded. It resolves a
 * {@link Target} to local sessions, and it is the one place that acts on what a connection's
 * queue answered: a queued frame gets its queue kicked, an overflow closes the connection, a
 * closed or overflowing connection counts as a failed frame. Kicks and closes are collected in
 * the pass's {@link AfterUnlock} and run once its locks are released.
 *
 * <p>Thread-safe: it holds only the registries, which are.
 */
final class Router {

    /** How many connections an unnumbered frame was queued for, and how many could not take it. */
    record FanOut(int queued, int failed) {
    }

    // A fan-out's kicks go out in batches of this many: large enough that each writing thread
    // gets few tasks and wake-ups (a broadcast to 5,000 connections on 4 event loops costs each
    // loop 5 where batches of 128 cost it 40; the load harness's fan-out read 1.07x the batched
    // floor against 1.15x, within its rounds' spread), small enough that writing starts while the
    // last connections are still being queued.
    private static final int KICK_EVERY = 1024;

    private final ConnectionRegistry connections;
    private final RoomRegistry rooms;
    private final StatsRecorder stats;

    Router(ConnectionRegistry connections, RoomRegistry rooms, StatsRecorder stats) {
        this.connections = connections;
        this.rooms = rooms;
        this.stats = stats;
    }

    /**
     * This instance's sessions that follow a stream event's address: remembered by the address
     * (an emitter's) while nothing changed them, else read now. Under the stream's lock.
     */
    List<Session> targets(StreamAddress address) {
        Followers followers = address.followers();
        if (followers == null) {
            return streamFollowers(address.target());
        }
        // Read before the lookup: a change during it leaves the answer stored as already stale.
        long changes = connections.changes();
        List<Session> known = followers.at(changes);
        if (known == null) {
            known = streamFollowers(address.target());
            followers.remember(changes, known);
            for (Session session : known) {
                session.adopt(address.id());
            }
        }
        return known;
    }

    /** Counts a subscription or unsubscription; called under the thread stream's lock. */
    void subscriptionsChanged() {
        connections.subscriptionsChanged();
    }

    /** This instance's sessions a target addresses, read now. */
    Collection<Session> targets(Target target) {
        if (target instanceof Target.Thread || target instanceof Target.User) {
            return streamFollowers(target);
        }
        if (target instanceof Target.Room room) {
            return rooms.members(room.room());
        }
        if (target instanceof Target.Connection connection) {
            Session session = connections.get(connection.connection());
            return session == null ? List.of() : List.of(session);
        }
        return connections.all();
    }

    // The sessions that follow a stream's target: a thread's subscribers, or all of a user's.
    private List<Session> streamFollowers(Target target) {
        return target instanceof Target.Thread thread ? subscribers(thread.user(), thread.thread())
                : connections.ofUser(((Target.User) target).user());
    }

    // Once per stream event: the user's own immutable list when every session of it is
    // subscribed (the usual case, and no copy), otherwise the subscribed ones.
    private List<Session> subscribers(UserId user, ThreadId thread) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(thread, "thread");
        List<Session> sessions = connections.ofUser(user);
        int size = sessions.size();
        int first = 0;
        while (first < size && sessions.get(first).subscribed(thread)) {
            first++;
        }
        if (first == size) {
            return sessions;
        }
        List<Session> subscribed = new ArrayList<>(size - 1);
        subscribed.addAll(sessions.subList(0, first));
        for (int i = first + 1; i < size; i++) {
            if (sessions.get(i).subscribed(thread)) {
                subscribed.add(sessions.get(i));
            }
        }
        return subscribed;
    }

    /**
     * Queues one unnumbered frame on each session (encoded once, the same bytes for all; an idle
     * session's queue is claimed instead, see {@link OutboundQueue#offerOrClaim}) and starts
     * their writes as it goes, every {@value #KICK_EVERY} sessions, so that the first
     * connections are being written while the last are still queued; overflowing connections are
     * handed to {@code onOverflow}. Call it holding no lock.
     *
     * @return how many took it and how many could not
     */
    FanOut fanOut(Collection<Session> sessions, TextFrame frame, Consumer<Session> onOverflow) {
        int queued = 0;
        int failed = 0;
        AfterUnlock after = new AfterUnlock();
        int pending = 0;
        try {
            for (Session session : sessions) {
                if (accepted(claimOrQueue(session, frame, null, after))) {
                    queued++;
                } else {
                    failed++;
                }
                if (++pending == KICK_EVERY) {
                    after.run(onOverflow);
                    after = new AfterUnlock();
                    pending = 0;
                }
            }
        } finally {
            // Always: a claimed queue is written by nobody else.
            after.run(onOverflow);
        }
        return new FanOut(queued, failed);
    }

    /**
     * Queues a frame on one session: a lifecycle or control frame ({@code coalesceKey} null), or
     * a droppable one with the key of the frames it supersedes.
     *
     * @return what the queue answered, already acted on
     */
    OutboundQueue.Offer queue(Session session, TextFrame frame, String coalesceKey,
            AfterUnlock after) {
        if (session.isRemoved()) {
            return acted(session, frame, OutboundQueue.Offer.CLOSED, after);
        }
        return acted(session, frame, session.outbound().offer(frame, coalesceKey), after);
    }

    /**
     * Offers a frame to one session's queue, claiming its writer if the queue is idle (see
     * {@link OutboundQueue#offerOrClaim}): a fan-out's frame, or a numbered stream event that is
     * not a delta (a delta waits in the queue, where the next delta of its message can merge in).
     *
     * @param coalesceKey null for a lifecycle frame; for a droppable one, the key of the frames
     *     it supersedes
     * @return what the queue answered, already acted on
     */
    OutboundQueue.Offer claimOrQueue(Session session, TextFrame frame, String coalesceKey,
            AfterUnlock after) {
        if (session.isRemoved()) {
            return acted(session, frame, OutboundQueue.Offer.CLOSED, after);
        }
        return acted(session, frame, session.outbound().offerOrClaim(frame, coalesceKey), after);
    }

    /**
     * Queues a delta on one session, merged into the waiting delta of its message if there is
     * one.
     *
     * @return what the queue answered, already acted on
     */
    OutboundQueue.Offer queueDelta(Session session, TextFrame frame, LiveDelta delta,
            AfterUnlock after) {
        if (session.isRemoved()) {
            return acted(session, frame, OutboundQueue.Offer.CLOSED, after);
        }
        return acted(session, frame, session.outbound().offerDelta(frame, delta), after);
    }

    /** Whether a queue's answer means the connection has the frame (now or merged). */
    static boolean accepted(OutboundQueue.Offer offer) {
        return offer == OutboundQueue.Offer.QUEUED || offer == OutboundQueue.Offer.COALESCED
                || offer == OutboundQueue.Offer.MERGED || offer == OutboundQueue.Offer.CLAIMED;
    }

    private OutboundQueue.Offer acted(Session session, TextFrame frame, OutboundQueue.Offer offer,
            AfterUnlock after) {
        switch (offer) {
            case QUEUED, COALESCED, MERGED -> after.kick(session);
            case CLAIMED -> after.claimed(session, frame);
            case OVERFLOW -> {
                stats.framesFailed(FrameFailure.QUEUE_OVERFLOW, 1);
                after.overflowed(session);
            }
            case CLOSED -> stats.framesFailed(FrameFailure.CONNECTION_CLOSED, 1);
            default -> {
                // DROPPED: a droppable frame dropped under pressure, counted by the queue.
            }
        }
        return offer;
    }
}
