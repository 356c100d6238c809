package io.switchboard.scaling.redis.internal;

import io.lettuce.core.ScriptOutputType;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * This instance's connections and rooms, as the manager reported them, and their registration in
 * Redis: in the user's slot (the user's connections, for routing and the limit), the instance's
 * slot (what the instance holds, for its cleanup), the connection's slot (its owner, for
 * single-connection sends) and the room's slot. The local maps are the truth; Redis is brought in
 * line with them by a few commands per change, or by {@link #resync()} after changes were lost.
 *
 * <p>Every command goes out on the one command connection. A resync issues its commands holding
 * the write lock and single changes hold the read lock while issuing theirs (issuing never
 * blocks), so a resync can never overtake a change or be overtaken by one.
 */
final class LocalRegistry {

    private final RedisLink link;
    private final Keys keys;
    private final String self;
    private final int maxConnectionsPerUser;
    private final Consumer<UserId> overLimit;
    private final Map<ConnectionId, UserId> connections = new ConcurrentHashMap<>();
    private final Map<RoomName, Integer> rooms = new ConcurrentHashMap<>();
    private final ReadWriteLock order = new ReentrantReadWriteLock();
    private volatile boolean dirty;

    /**
     * @param overLimit told of a user who holds more connections than the limit after an admission
     */
    LocalRegistry(RedisLink link, Keys keys, String self, int maxConnectionsPerUser,
            Consumer<UserId> overLimit) {
        this.link = link;
        this.keys = keys;
        this.self = self;
        this.maxConnectionsPerUser = maxConnectionsPerUser;
        this.overLimit = overLimit;
    }

    void opened(UserId user, ConnectionId connection) {
        order.readLock().lock();
        try {
            connections.put(connection, user);
            register(user, List.of(connection)).whenComplete((held, error) -> {
                if (error != null) {
                    lost(error);
                } else if (maxConnectionsPerUser > 0 && held > maxConnectionsPerUser) {
                    overLimit.accept(user);
                }
            });
            describe(user, connection);
        } finally {
            order.readLock().unlock();
        }
    }

    void closed(UserId user, ConnectionId connection) {
        order.readLock().lock();
        try {
            connections.remove(connection);
            withdraw(user, connection);
        } finally {
            order.readLock().unlock();
        }
    }

    void joined(RoomName room) {
        order.readLock().lock();
        try {
            rooms.compute(room, (name, count) -> {
                if (count == null) {
                    roomChange(name.value(), true);
                    return 1;
                }
                return count + 1;
            });
        } finally {
            order.readLock().unlock();
        }
    }

    void left(RoomName room) {
        order.readLock().lock();
        try {
            rooms.computeIfPresent(room, (name, count) -> {
                if (count == 1) {
                    roomChange(name.value(), false);
                    return null;
                }
                return count - 1;
            });
        } finally {
            order.readLock().unlock();
        }
    }

    /** Whether a registry command failed since the last successful resync. */
    boolean dirty() {
        return dirty;
    }

    int connectionCount() {
        return connections.size();
    }

    List<ConnectionId> connectionIds() {
        return List.copyOf(connections.keySet());
    }

    boolean holds(ConnectionId connection) {
        return connections.containsKey(connection);
    }

    /**
     * Registers everything held here again (keeping each connection's admission order) and
     * removes what is registered but no longer held. Waits (bounded) for Redis to confirm.
     *
     * @throws io.lettuce.core.RedisException if Redis failed; the registry stays dirty
     */
    void resync() {
        dirty = false;
        try {
            Map<String, String> registered = link.await(link.async().hgetall(
                    keys.instanceConnections(self)));
            Set<String> registeredRooms = link.await(link.async().smembers(keys.instanceRooms(self)));
            List<CompletionStage<?>> sent = new ArrayList<>();
            order.writeLock().lock();
            try {
                Map<UserId, List<ConnectionId>> byUser = new HashMap<>();
                connections.forEach((connection, user) ->
                        byUser.computeIfAbsent(user, ignored -> new ArrayList<>()).add(connection));
                byUser.forEach((user, held) -> {
                    sent.add(register(user, held));
                    held.forEach(connection -> sent.addAll(describe(user, connection)));
                });
                registered.forEach((connection, user) -> {
                    if (!connections.containsKey(ConnectionId.of(connection))) {
                        sent.addAll(withdraw(UserId.of(user), ConnectionId.of(connection)));
                    }
                });
                rooms.keySet().forEach(room -> sent.addAll(roomChange(room.value(), true)));
                for (String room : registeredRooms) {
                    if (!rooms.containsKey(RoomName.of(room))) {
                        sent.addAll(roomChange(room, false));
                    }
                }
            } finally {
                order.writeLock().unlock();
            }
            sent.forEach(link::await);
        } catch (RuntimeException e) {
            dirty = true;
            throw e;
        }
    }

    private CompletionStage<Long> register(UserId user, List<ConnectionId> held) {
        String[] args = new String[held.size() + 1];
        args[0] = self;
        for (int i = 0; i < held.size(); i++) {
            args[i + 1] = held.get(i).value();
        }
        return link.script(link.scripts.register, ScriptOutputType.INTEGER,
                new String[] {keys.userConnections(user)}, args);
    }

    // The connection's entries outside the user's slot.
    private List<CompletionStage<?>> describe(UserId user, ConnectionId connection) {
        List<CompletionStage<?>> sent = List.of(
                link.send(c -> c.hset(keys.instanceConnections(self), connection.value(),
                        user.value())),
                link.send(c -> c.set(keys.connectionOwner(connection), self + "|" + user.value())),
                link.send(c -> c.sadd(keys.users(), user.value())));
        sent.forEach(stage -> stage.whenComplete((ignored, error) -> lost(error)));
        return sent;
    }

    private List<CompletionStage<?>> withdraw(UserId user, ConnectionId connection) {
        CompletionStage<Object> left = link.<Long>script(link.scripts.unregister,
                ScriptOutputType.INTEGER, new String[] {keys.userConnections(user)},
                self + "|" + connection.value())
                .thenCompose(held -> held == 0
                        ? link.send(c -> c.srem(keys.users(), user.value())).thenApply(n -> (Object) n)
                        : CompletableFuture.completedFuture((Object) held));
        List<CompletionStage<?>> sent = List.of(left,
                link.send(c -> c.hdel(keys.instanceConnections(self), connection.value())),
                link.send(c -> c.del(keys.connectionOwner(connection))));
        sent.forEach(stage -> stage.whenComplete((ignored, error) -> lost(error)));
        return sent;
    }

    private List<CompletionStage<?>> roomChange(String room, boolean joined) {
        List<CompletionStage<?>> sent = joined
                ? List.of(link.send(c -> c.sadd(keys.room(room), self)),
                        link.send(c -> c.sadd(keys.instanceRooms(self), room)))
                : List.of(link.send(c -> c.srem(keys.room(room), self)),
                        link.send(c -> c.srem(keys.instanceRooms(self), room)));
        sent.forEach(stage -> stage.whenComplete((ignored, error) -> lost(error)));
        return sent;
    }

    private void lost(Throwable error) {
        if (error != null) {
            dirty = true;
            link.failed(error);
        }
    }
}
