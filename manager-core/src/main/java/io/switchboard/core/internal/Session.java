package io.switchboard.core.internal;

import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.spi.Connection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An admitted connection as the manager holds it: its user (fixed for life), its subscriptions,
 * rooms, liveness and outbound queue. Identity equality: two sessions are never equal.
 *
 * <p>Room membership changes are made holding this session's monitor (see {@link RoomRegistry}),
 * so that a connection being removed cannot join a room behind the removal's back.
 */
final class Session {

    private final UserId user;
    private final Connection connection;
    private final OutboundQueue outbound;
    private final Set<ThreadId> threads = ConcurrentHashMap.newKeySet();
    private final Set<RoomName> rooms = ConcurrentHashMap.newKeySet();
    // Per stream, the last event queued for this connection; read and written under the stream's
    // lock only.
    private final Map<StreamId, StreamPlace> places = new ConcurrentHashMap<>();
    private volatile long lastSeenNanos;
    // Null when the rate limit is off.
    private volatile InboundRateLimiter.Allowance allowance;
    private volatile boolean removed;
    // Guards the connected/disconnected announcements (not room membership, which uses this).
    private final Object announcements = new Object();
    private boolean announced;
    private boolean departed;

    // The queue is made from the session so that its failure callback can name the session.
    Session(UserId user, Connection connection, long nowNanos,
            Function<Session, OutboundQueue> outboundFactory) {
        this.user = user;
        this.connection = connection;
        this.lastSeenNanos = nowNanos;
        this.outbound = outboundFactory.apply(this);
    }

    UserId user() {
        return user;
    }

    ConnectionId id() {
        return connection.id();
    }

    Connection connection() {
        return connection;
    }

    OutboundQueue outbound() {
        return outbound;
    }

    InboundRateLimiter.Allowance allowance() {
        return allowance;
    }

    void allow(InboundRateLimiter.Allowance value) {
        this.allowance = value;
    }

    Set<ThreadId> threads() {
        return threads;
    }

    Set<RoomName> rooms() {
        return rooms;
    }

    /** Where this connection is in {@code stream}, or null if not placed; under the stream's lock. */
    StreamPlace place(StreamId stream) {
        return places.get(stream);
    }

    /** Records where this connection is in {@code stream}; under the stream's lock. */
    void place(StreamId stream, StreamPlace place) {
        places.put(stream, place);
    }

    /** The streams this connection is placed in (a snapshot). */
    Set<StreamId> placedStreams() {
        return Set.copyOf(places.keySet());
    }

    /** Forgets {@code stream} (after unsubscribing); under the stream's lock. */
    void forgetStream(StreamId stream) {
        places.remove(stream);
    }

    void seen(long nowNanos) {
        lastSeenNanos = nowNanos;
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    /** Set once, by the registry, when the session leaves it; never cleared. */
    void markRemoved() {
        removed = true;
    }

    boolean isRemoved() {
        return removed;
    }

    /**
     * Runs {@code connected} unless the session was already removed (a concurrent disconnect won):
     * then nobody ever hears of it, neither connected nor disconnected.
     */
    boolean announce(Runnable connected) {
        synchronized (announcements) {
            if (removed) {
                return false;
            }
            announced = true;
            connected.run();
            return true;
        }
    }

    /** Runs {@code disconnected} once, and only after a {@link #announce} that ran. */
    void depart(Runnable disconnected) {
        synchronized (announcements) {
            if (announced && !departed) {
                departed = true;
                disconnected.run();
            }
        }
    }

    @Override
    public String toString() {
        return "Session[" + connection.id() + " of " + user + (removed ? ", removed]" : "]");
    }
}
