package io.switchboard.scaling.redis.internal;

import io.lettuce.core.ScriptOutputType;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * This instance's connections and rooms, as the manager reported them, and their registration in
 * Redis. The local maps are the truth; Redis is brought in line with them by one script per
 * change, or by {@link #resync()} after changes were lost.
 *
 * <p>Every command goes out on the one command connection, so Redis runs them in the order they
 * were issued. A resync issues its commands holding the write lock and single changes hold the
 * read lock while issuing theirs (issuing never blocks), so a resync can never overtake a change
 * or be overtaken by one.
 */
final class LocalRegistry {

    private static final int BATCH = 500;

    private final RedisLink link;
    private final Keys keys;
    private final String self;
    private final int maxConnectionsPerUser;
    private final Map<ConnectionId, UserId> connections = new ConcurrentHashMap<>();
    private final Map<RoomName, Integer> rooms = new ConcurrentHashMap<>();
    private final ReadWriteLock order = new ReentrantReadWriteLock();
    private volatile boolean dirty;

    LocalRegistry(RedisLink link, Keys keys, String self, int maxConnectionsPerUser) {
        this.link = link;
        this.keys = keys;
        this.self = self;
        this.maxConnectionsPerUser = maxConnectionsPerUser;
    }

    /**
     * Registers a connection and applies the cluster-wide limit; {@code evictLocally} receives
     * each connection of this instance the limit evicted.
     */
    void opened(UserId user, ConnectionId connection, Consumer<ConnectionId> evictLocally) {
        order.readLock().lock();
        try {
            connections.put(connection, user);
            CompletionStage<List<Object>> registered = link.script(link.scripts.register,
                    ScriptOutputType.MULTI, new String[0], keys.prefix(), self,
                    Integer.toString(maxConnectionsPerUser), connection.value(), user.value());
            registered.whenComplete((evicted, error) -> {
                if (error != null) {
                    lost(error);
                } else {
                    evicted.forEach(id -> evictLocally.accept(ConnectionId.of(id.toString())));
                }
            });
        } finally {
            order.readLock().unlock();
        }
    }

    void closed(UserId user, ConnectionId connection) {
        order.readLock().lock();
        try {
            connections.remove(connection);
            link.script(link.scripts.unregister, ScriptOutputType.INTEGER, new String[0],
                    keys.prefix(), self, connection.value(), user.value())
                    .whenComplete((ignored, error) -> lost(error));
        } finally {
            order.readLock().unlock();
        }
    }

    void joined(RoomName room) {
        order.readLock().lock();
        try {
            rooms.compute(room, (name, count) -> {
                if (count == null) {
                    roomChange("+", List.of(name.value()));
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
                    roomChange("-", List.of(name.value()));
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

    /**
     * Registers everything held here again and removes what is registered but no longer held.
     * Waits (bounded) for Redis to confirm.
     *
     * @throws io.lettuce.core.RedisException if Redis failed; the registry stays dirty
     */
    void resync() {
        List<CompletionStage<?>> sent = new ArrayList<>();
        dirty = false;
        order.writeLock().lock();
        try {
            List<String> pairs = new ArrayList<>();
            for (Map.Entry<ConnectionId, UserId> entry : connections.entrySet()) {
                pairs.add(entry.getKey().value());
                pairs.add(entry.getValue().value());
                if (pairs.size() == BATCH * 2) {
                    sent.add(register(pairs));
                    pairs.clear();
                }
            }
            if (!pairs.isEmpty()) {
                sent.add(register(pairs));
            }
            List<String> roomNames = rooms.keySet().stream().map(RoomName::value).toList();
            if (!roomNames.isEmpty()) {
                sent.add(roomChange("+", roomNames));
            }
            List<String> prune = new ArrayList<>();
            prune.add(keys.prefix());
            prune.add(self);
            prune.add(Integer.toString(connections.size()));
            connections.keySet().forEach(id -> prune.add(id.value()));
            prune.addAll(roomNames);
            sent.add(link.script(link.scripts.prune, ScriptOutputType.INTEGER, new String[0],
                    prune.toArray(String[]::new)));
        } finally {
            order.writeLock().unlock();
        }
        try {
            sent.forEach(link::await);
        } catch (RuntimeException e) {
            dirty = true;
            throw e;
        }
    }

    private CompletionStage<Object> register(List<String> pairs) {
        List<String> args = new ArrayList<>();
        args.add(keys.prefix());
        args.add(self);
        args.add("0");
        args.addAll(pairs);
        return link.script(link.scripts.register, ScriptOutputType.MULTI, new String[0],
                args.toArray(String[]::new));
    }

    private CompletionStage<Object> roomChange(String op, List<String> names) {
        List<String> args = new ArrayList<>();
        args.add(keys.prefix());
        args.add(self);
        args.add(op);
        args.addAll(names);
        CompletionStage<Object> sent = link.script(link.scripts.rooms, ScriptOutputType.INTEGER,
                new String[0], args.toArray(String[]::new));
        sent.whenComplete((ignored, error) -> lost(error));
        return sent;
    }

    private void lost(Throwable error) {
        if (error != null) {
            dirty = true;
            link.failed(error);
        }
    }
}
