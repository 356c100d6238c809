package io.switchboard.core.internal;

import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which sessions exist and whose they are, with both limits enforced atomically.
 *
 * <p>Every change to a user's sessions happens inside {@code byUser.compute} for that user, so
 * admissions, evictions and removals of one user are serialized and each session is removed by
 * exactly one caller. A user's list is immutable and ordered by admission (oldest first), so
 * senders read it without locks. The total is an atomic counter reserved inside the same
 * compute, so it never exceeds the limit and one user's admission never touches another user.
 */
final class ConnectionRegistry {

    /** The result of {@link #admit}. */
    record Admitted(boolean accepted, Session evicted) {
    }

    private final int maxPerUser;
    private final int maxTotal;
    private final ConcurrentHashMap<ConnectionId, Session> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UserId, List<Session>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    // Counts every admission and removal, for the answers Followers keeps (see there).
    private final AtomicLong changes = new AtomicLong();

    ConnectionRegistry(int maxPerUser, int maxTotal) {
        this.maxPerUser = maxPerUser;
        this.maxTotal = maxTotal;
    }

    /**
     * Admits {@code session}. At the per-user limit the user's oldest session is evicted (marked
     * removed and returned; its slot passes to the new one). Below it, a slot is reserved from the
     * total, or the admission is refused.
     */
    Admitted admit(Session session) {
        Session[] evicted = new Session[1];
        boolean[] accepted = new boolean[1];
        byUser.compute(session.user(), (user, current) -> {
            List<Session> list = current == null ? List.of() : current;
            if (list.size() >= maxPerUser) {
                Session oldest = list.get(0);
                oldest.markRemoved();
                sessions.remove(oldest.id(), oldest);
                evicted[0] = oldest;
                accepted[0] = true;
                sessions.put(session.id(), session);
                return appended(list.subList(1, list.size()), session);
            }
            if (!reserveSlot()) {
                return current;
            }
            accepted[0] = true;
            // Indexed inside the compute: a removal of this user, serialized after it, finds the
            // session in both places and takes it out of both.
            sessions.put(session.id(), session);
            return appended(list, session);
        });
        if (accepted[0]) {
            changes.incrementAndGet();
        }
        return new Admitted(accepted[0], evicted[0]);
    }

    /**
     * Removes {@code session} if it is still registered.
     *
     * @return {@code true} if this call removed it; exactly one caller ever gets {@code true}
     */
    boolean remove(Session session) {
        boolean[] removed = new boolean[1];
        byUser.computeIfPresent(session.user(), (user, list) -> {
            int index = list.indexOf(session);
            if (index < 0) {
                return list;
            }
            session.markRemoved();
            sessions.remove(session.id(), session);
            removed[0] = true;
            total.decrementAndGet();
            if (list.size() == 1) {
                return null;
            }
            List<Session> rest = new ArrayList<>(list);
            rest.remove(index);
            return List.copyOf(rest);
        });
        if (removed[0]) {
            changes.incrementAndGet();
        }
        return removed[0];
    }

    /**
     * How many times the sessions, or what they subscribe to, have changed: admissions and
     * removals count here, subscriptions through {@link #subscriptionsChanged()}.
     */
    long changes() {
        return changes.get();
    }

    /** Counts a subscription or unsubscription; called under the thread stream's lock. */
    void subscriptionsChanged() {
        changes.incrementAndGet();
    }

    Session get(ConnectionId id) {
        return sessions.get(id);
    }

    boolean contains(ConnectionId id) {
        return sessions.containsKey(id);
    }

    /** The user's sessions, oldest first; an immutable snapshot. */
    List<Session> ofUser(UserId user) {
        return byUser.getOrDefault(user, List.of());
    }

    /** All sessions; weakly consistent. */
    Collection<Session> all() {
        return sessions.values();
    }

    int size() {
        return total.get();
    }

    /**
     * Connections per user. Built by one pass over the users, so its size is a user count that
     * existed (a concurrent map's own size may add up counters from different moments).
     */
    Map<UserId, Integer> perUser() {
        Map<UserId, Integer> counts = new HashMap<>();
        byUser.forEach((user, list) -> counts.put(user, list.size()));
        return counts;
    }

    private boolean reserveSlot() {
        while (true) {
            int current = total.get();
            if (current >= maxTotal) {
                return false;
            }
            if (total.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    private static List<Session> appended(List<Session> list, Session session) {
        List<Session> next = new ArrayList<>(list.size() + 1);
        next.addAll(list);
        next.add(session);
        return List.copyOf(next);
    }
}
