package io.switchboard.core.internal;

import io.switchboard.core.id.RoomName;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Room memberships. A room exists while it has members. Membership changes hold the session's
 * monitor and then the room's map bin (always in that order), and a removed session can never
 * join, so a session removed from the registry leaves every room for good. Broadcasts iterate a
 * room's concurrent set without locks: a member that left before the broadcast began is never
 * seen.
 */
final class RoomRegistry {

    private final ConcurrentHashMap<RoomName, Set<Session>> rooms = new ConcurrentHashMap<>();

    boolean join(Session session, RoomName room) {
        synchronized (session) {
            if (session.isRemoved() || !session.joinRoom(room)) {
                return false;
            }
            rooms.compute(room, (name, members) -> {
                Set<Session> set = members != null ? members : ConcurrentHashMap.newKeySet();
                set.add(session);
                return set;
            });
            return true;
        }
    }

    boolean leave(Session session, RoomName room) {
        synchronized (session) {
            if (!session.leaveRoom(room)) {
                return false;
            }
            removeMember(room, session);
            return true;
        }
    }

    /** Takes a removed session out of every room; returns the rooms it was in. */
    List<RoomName> leaveAll(Session session) {
        synchronized (session) {
            List<RoomName> left = session.leaveAllRooms();
            left.forEach(room -> removeMember(room, session));
            return left;
        }
    }

    /**
     * A snapshot of a room's members, each once: a member that leaves and rejoins while the live
     * set is iterated could otherwise be seen twice.
     */
    Set<Session> members(RoomName room) {
        Set<Session> members = rooms.get(room);
        return members == null ? Set.of() : Set.copyOf(members);
    }

    int size() {
        return rooms.size();
    }

    private void removeMember(RoomName room, Session session) {
        rooms.computeIfPresent(room, (name, members) -> {
            members.remove(session);
            return members.isEmpty() ? null : members;
        });
    }
}
