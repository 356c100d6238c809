package io.switchboard.core.stress;

import io.switchboard.core.Admission;
import io.switchboard.core.SendOutcome;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the stress test did, with {@link System#nanoTime()} taken just before and just after each
 * call, so that what connections received can be judged afterwards against what could legally
 * have reached them.
 *
 * <p>Threading: a {@link Conn}'s intervals are written only by the worker that owns the connection
 * (the one that connected it) and read after every worker has been joined; the sets of removed
 * connections are concurrent because any worker may evict or disconnect any user's connections.
 */
final class Ledger {

    /** How a send was addressed. */
    enum Kind { USER, THREAD, RUN, ROOM, ALL, CONNECTION }

    /**
     * One send call.
     *
     * @param sid unique send id, carried in the event's payload
     * @param start nanoTime just before the call
     * @param end nanoTime just after it returned
     */
    record Send(long sid, Kind kind, UserId user, ThreadId thread, RunId run, RoomName room,
            ConnectionId connection, long start, long end, SendOutcome outcome) {

        String address() {
            switch (kind) {
                case USER: return "user " + user;
                case THREAD: return "thread " + thread + " of user " + user;
                case RUN: return "run " + run + " (user " + user + ", thread " + thread + ")";
                case ROOM: return "room " + room;
                case CONNECTION: return "connection " + connection;
                default: return "everyone";
            }
        }
    }

    /**
     * A membership (room) or subscription (thread) of one connection. {@code joinStart} and
     * {@code joinEnd} bracket the join/subscribe call that returned true; {@code leaveStart} and
     * {@code leaveEnd} the leave/unsubscribe call that returned true, {@link Long#MAX_VALUE} while
     * none did.
     */
    static final class Interval {
        final long joinStart;
        final long joinEnd;
        long leaveStart = Long.MAX_VALUE;
        long leaveEnd = Long.MAX_VALUE;

        Interval(long joinStart, long joinEnd) {
            this.joinStart = joinStart;
            this.joinEnd = joinEnd;
        }

        boolean open() {
            return leaveEnd == Long.MAX_VALUE;
        }

        @Override
        public String toString() {
            return "[" + joinStart + ".." + (open() ? "open" : leaveEnd) + "]";
        }
    }

    /** One connection the test opened, admitted or not. */
    static final class Conn {
        final UserId user;
        final FakeConnection connection;
        final int owner;
        /** Never disconnected by the test, and its user never exceeds the limit. */
        final boolean anchor;
        final long connectStart;
        long connectEnd;
        Admission admission;
        final Map<RoomName, List<Interval>> rooms = new HashMap<>();
        final Map<ThreadId, List<Interval>> threads = new HashMap<>();

        Conn(UserId user, FakeConnection connection, int owner, boolean anchor,
                long connectStart) {
            this.user = user;
            this.connection = connection;
            this.owner = owner;
            this.anchor = anchor;
            this.connectStart = connectStart;
        }

        ConnectionId id() {
            return connection.id();
        }

        boolean admitted() {
            return admission != null && admission.accepted();
        }

        /** The open interval of {@code key}, or null if the owner believes it is not a member. */
        static <K> Interval current(Map<K, List<Interval>> intervals, K key) {
            List<Interval> list = intervals.get(key);
            if (list == null || list.isEmpty()) {
                return null;
            }
            Interval last = list.get(list.size() - 1);
            return last.open() ? last : null;
        }
    }

    /** Per-worker send logs, merged once the workers are done (no contention while running). */
    private final Map<Integer, List<Send>> sendsByWorker = new ConcurrentHashMap<>();
    private final Map<ConnectionId, Conn> connections = new ConcurrentHashMap<>();
    /** Connections named as evicted by an {@link Admission.Accepted}, with the evicting user. */
    final Map<ConnectionId, UserId> evicted = new ConcurrentHashMap<>();
    /** Connections for which {@code disconnect} returned true. */
    final Set<ConnectionId> disconnected = ConcurrentHashMap.newKeySet();

    static ApplicationEvent probe(long sid, Kind kind, String address) {
        return ApplicationEvent.of("probe", Map.of("sid", sid, "kind", kind.name(), "addr", address));
    }

    void register(Conn conn) {
        if (connections.putIfAbsent(conn.id(), conn) != null) {
            throw new IllegalStateException("duplicate connection id " + conn.id());
        }
    }

    List<Send> log(int worker) {
        return sendsByWorker.computeIfAbsent(worker, w -> new ArrayList<>());
    }

    Map<ConnectionId, Conn> connections() {
        return connections;
    }

    /** Every send, by id; call only after the workers are joined. */
    Map<Long, Send> sends() {
        Map<Long, Send> all = new LinkedHashMap<>();
        sendsByWorker.values().forEach(list -> list.forEach(send -> all.put(send.sid(), send)));
        return all;
    }
}
