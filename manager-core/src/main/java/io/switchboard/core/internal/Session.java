package io.switchboard.core.internal;

import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.spi.Connection;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * An admitted connection as the manager holds it: its user (fixed for life), its subscriptions,
 * rooms, liveness and outbound queue. Identity equality: two sessions are never equal.
 *
 * <p>Room membership changes are made holding this session's monitor (see {@link RoomRegistry}),
 * so that a connection being removed cannot join a room behind the removal's back.
 *
 * <p>A connection follows a thread or two and sits in few rooms, and an idle one should cost
 * little more than its socket: subscriptions and places are small copy-on-write arrays (read
 * without locks on every event, changed rarely), rooms a set made on the first join.
 */
final class Session {

    private static final VarHandle THREADS;
    private static final VarHandle PLACES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            THREADS = lookup.findVarHandle(Session.class, "threads", ThreadId[].class);
            PLACES = lookup.findVarHandle(Session.class, "places", Placed[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * This connection's place in one stream, kept as its parts rather than as a
     * {@link StreamPlace}: a session lives long, and storing a new object into it on every event
     * would cost the collector a card each time, where changing numbers costs nothing. A live
     * event asks it and advances it in place ({@link StreamOrder#deliver}), making no place at
     * all. Read and changed under the stream's lock only.
     */
    static final class Placed {
        // An id equal to the stream's; an emitter's own instance once it adopted this place (see
        // adopt). Not volatile: ids are immutable, and any equal one will do.
        private StreamId stream;
        // Read and written under the stream's lock only.
        private String epoch;
        private long from;
        private long seq;
        private boolean waiting;

        Placed(StreamId stream, StreamPlace place) {
            this.stream = stream;
            set(place);
        }

        StreamPlace get() {
            return new StreamPlace(epoch, from, seq, waiting);
        }

        /** Whether live delivery waits for the client to resume (see {@link StreamPlace}). */
        boolean waiting() {
            return waiting;
        }

        /** {@link StreamPlace#followedBy}, on this place. */
        boolean followedBy(String next, long seqFrom) {
            return StreamPlace.followedBy(epoch, seq, next, seqFrom);
        }

        /** {@link StreamPlace#covers}, on this place. */
        boolean covers(String other, long at) {
            return StreamPlace.covers(epoch, from, seq, other, at);
        }

        /** {@link StreamPlace#next}, in place: one more frame queued, {@code seqFrom} to {@code last}. */
        void advance(String next, long seqFrom, long last) {
            from = StreamPlace.fromAfter(epoch, from, next, seqFrom);
            if (!Objects.equals(epoch, next)) {
                epoch = next;
            }
            seq = last;
            waiting = false;
        }

        void set(StreamPlace place) {
            // Epochs are the log's own strings and rarely change: stored only when they do.
            if (!Objects.equals(epoch, place.epoch())) {
                epoch = place.epoch();
            }
            from = place.from();
            seq = place.seq();
            waiting = place.waiting();
        }
    }

    private final UserId user;
    private final Connection connection;
    private final OutboundQueue outbound;
    // The connection's writing thread, or null when writes start on the sending thread.
    private final Executor writer;
    // The subscribed threads, null for none; replaced whole (compare-and-set), never changed in
    // place.
    private volatile ThreadId[] threads;
    // Guarded by this; null until the first join.
    private Set<RoomName> rooms;
    // Per stream, the last event queued for this connection; the array is replaced whole when a
    // stream is added or forgotten, an entry's place changes under its stream's lock.
    private volatile Placed[] places;
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
        this.writer = connection.writer().orElse(null);
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

    /** The connection's writing thread, or null: see {@link Connection#writer()}. */
    Executor writer() {
        return writer;
    }

    InboundRateLimiter.Allowance allowance() {
        return allowance;
    }

    void allow(InboundRateLimiter.Allowance value) {
        this.allowance = value;
    }

    /** Whether this connection is subscribed to {@code thread}. Lock-free. */
    boolean subscribed(ThreadId thread) {
        return indexOf(threads, thread) >= 0;
    }

    /** Subscribes this connection to {@code thread}; under the thread stream's lock. */
    void subscribe(ThreadId thread) {
        while (true) {
            ThreadId[] current = threads;
            if (indexOf(current, thread) >= 0) {
                return;
            }
            if (THREADS.compareAndSet(this, current, with(current, thread, ThreadId[]::new))) {
                return;
            }
        }
    }

    /** Unsubscribes this connection from {@code thread}; under the thread stream's lock. */
    void unsubscribe(ThreadId thread) {
        while (true) {
            ThreadId[] current = threads;
            int at = indexOf(current, thread);
            if (at < 0) {
                return;
            }
            if (THREADS.compareAndSet(this, current, without(current, at, ThreadId[]::new))) {
                return;
            }
        }
    }

    /** Adds {@code room} to this session's rooms; holding this session's monitor. */
    boolean joinRoom(RoomName room) {
        if (rooms == null) {
            rooms = new HashSet<>(2);
        }
        return rooms.add(room);
    }

    /** Removes {@code room} from this session's rooms; holding this session's monitor. */
    boolean leaveRoom(RoomName room) {
        return rooms != null && rooms.remove(room);
    }

    /** Empties this session's rooms and returns them; holding this session's monitor. */
    List<RoomName> leaveAllRooms() {
        if (rooms == null) {
            return List.of();
        }
        List<RoomName> left = List.copyOf(rooms);
        rooms = null;
        return left;
    }

    /** Where this connection is in {@code stream}, or null if not placed; under the stream's lock. */
    StreamPlace place(StreamId stream) {
        Placed placed = placed(stream);
        return placed == null ? null : placed.get();
    }

    /**
     * This connection's place in {@code stream} itself, to be asked and advanced in place, or
     * null if not placed; under the stream's lock, and valid while it is held.
     */
    Placed placed(StreamId stream) {
        Placed[] current = places;
        if (current == null) {
            return null;
        }
        for (Placed placed : current) {
            if (placed.stream == stream) {
                return placed;
            }
        }
        for (Placed placed : current) {
            if (placed.stream.equals(stream)) {
                return placed;
            }
        }
        return null;
    }

    /** Records where this connection is in {@code stream}; under the stream's lock. */
    void place(StreamId stream, StreamPlace place) {
        Placed placed = placed(stream);
        if (placed != null) {
            placed.set(place);
            return;
        }
        Placed added = new Placed(stream, place);
        while (true) {
            Placed[] current = places;
            if (PLACES.compareAndSet(this, current, with(current, added, Placed[]::new))) {
                return;
            }
        }
    }

    /** The streams this connection is placed in (a snapshot). */
    List<StreamId> placedStreams() {
        Placed[] current = places;
        if (current == null) {
            return List.of();
        }
        List<StreamId> streams = new ArrayList<>(current.length);
        for (Placed placed : current) {
            streams.add(placed.stream);
        }
        return streams;
    }

    /** Forgets {@code stream} (after unsubscribing); under the stream's lock. */
    void forgetStream(StreamId stream) {
        while (true) {
            Placed[] current = places;
            int at = -1;
            for (int i = 0; current != null && i < current.length && at < 0; i++) {
                if (current[i].stream.equals(stream)) {
                    at = i;
                }
            }
            if (at < 0) {
                return;
            }
            if (PLACES.compareAndSet(this, current, without(current, at, Placed[]::new))) {
                return;
            }
        }
    }

    // Copies for the copy-on-write arrays (null for none): the arrays in use are never changed.
    private static <T> T[] with(T[] array, T element, IntFunction<T[]> make) {
        int length = array == null ? 0 : array.length;
        T[] next = make.apply(length + 1);
        if (array != null) {
            System.arraycopy(array, 0, next, 0, length);
        }
        next[length] = element;
        return next;
    }

    private static <T> T[] without(T[] array, int at, IntFunction<T[]> make) {
        if (array.length == 1) {
            return null;
        }
        T[] next = make.apply(array.length - 1);
        System.arraycopy(array, 0, next, 0, at);
        System.arraycopy(array, at + 1, next, at, next.length - at);
        return next;
    }

    private static int indexOf(ThreadId[] threads, ThreadId thread) {
        for (int i = 0; threads != null && i < threads.length; i++) {
            if (threads[i].equals(thread)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Lets this connection's place in {@code stream} be found by that very id instance: an
     * emitter's, which its every event passes. Comparing ids by their contents read the other
     * instance's parts, which are rarely still cached. Under the stream's lock; called when an
     * emitter looks up its followers again, not per event.
     */
    void adopt(StreamId stream) {
        Placed placed = placed(stream);
        if (placed != null && placed.stream != stream) {
            placed.stream = stream;
        }
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
