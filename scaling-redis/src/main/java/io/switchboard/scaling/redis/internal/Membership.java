package io.switchboard.scaling.redis.internal;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's heartbeat, and its view of the cluster: which instances are alive (their
 * heartbeat key exists), how many connections each reports, how many users hold a connection.
 * Instances whose key expired are cleaned out of the registry here, by whichever survivor gets
 * the cleanup lock first. Runs on the maintenance thread only, except {@link #view()} and
 * {@link #announced}.
 */
final class Membership {

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

    /** What one heartbeat learned. */
    record Beat(boolean registryLost, boolean dataLost) {
    }

    /**
     * The cluster as last seen. Immutable.
     *
     * @param alive ids of live instances, this one included
     * @param connections connections reported by live instances
     * @param users users with a connection somewhere
     */
    record View(Set<String> alive, long connections, long users) {
    }

    private final RedisLink link;
    private final Keys keys;
    private final String self;
    private final long ttlMillis;
    private final long inboxTtlMillis;
    private boolean beatOnce;
    private String boot;
    private volatile View view;
    // Instances that left or were found dead, and have not announced themselves since: frames are
    // not routed to them (a reader mark of theirs may outlive them by the instance TTL).
    private final Set<String> departed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Membership(RedisLink link, Keys keys, String self, long ttlMillis, long inboxTtlMillis) {
        this.link = link;
        this.keys = keys;
        this.self = self;
        this.ttlMillis = ttlMillis;
        this.inboxTtlMillis = inboxTtlMillis;
        this.view = new View(Set.of(self), 0, 0);
    }

    View view() {
        return view;
    }

    /** Whether {@code id} left or was found dead since it last announced itself. */
    boolean departed(String id) {
        return departed.contains(id);
    }

    /** Another instance announced that it leaves. */
    void left(String id) {
        departed.add(id);
        View current = view;
        if (current.alive().contains(id)) {
            Set<String> alive = new HashSet<>(current.alive());
            alive.remove(id);
            view = new View(Set.copyOf(alive), current.connections(), current.users());
        }
    }

    /** Another instance announced that it joined. */
    void announced(String id) {
        departed.remove(id);
        View current = view;
        if (!current.alive().contains(id)) {
            Set<String> alive = new HashSet<>(current.alive());
            alive.add(id);
            view = new View(Set.copyOf(alive), current.connections(), current.users());
        }
    }

    /**
     * Renews the heartbeat key, reporting {@code localConnections}.
     *
     * @throws io.lettuce.core.RedisException if Redis failed
     */
    Beat beat(int localConnections) {
        long sent = System.currentTimeMillis();
        CompletionStage<List<Object>> beat = link.script(link.scripts.heartbeat,
                ScriptOutputType.MULTI, new String[] {keys.heartbeat(self), keys.inbox(self),
                    keys.inboxCounter(self)},
                Long.toString(ttlMillis), Integer.toString(localConnections),
                Long.toString(inboxTtlMillis));
        CompletionStage<String> marker = link.script(link.scripts.boot, ScriptOutputType.VALUE,
                new String[] {keys.boot(), keys.instances()}, self);
        List<Object> answer = link.await(beat);
        link.clockSample(Long.parseLong(RedisReplayLog.text(answer.get(1))), sent,
                System.currentTimeMillis());
        String seenBoot = RedisReplayLog.text(link.await(marker));
        boolean existed = ((Long) answer.get(0)) == 1L;
        boolean dataLost = boot != null && !boot.equals(seenBoot);
        boolean registryLost = beatOnce && !existed;
        if (dataLost) {
            LOG.warn("Redis lost its data (restarted empty); re-registering, checking streams");
        } else if (registryLost) {
            LOG.warn("this instance's heartbeat key had expired; re-registering, checking streams");
        }
        boot = seenBoot;
        beatOnce = true;
        return new Beat(registryLost, dataLost);
    }

    /**
     * Refreshes the view and removes the entries of instances found dead.
     *
     * @return whether an instance alive in the previous view is gone
     * @throws io.lettuce.core.RedisException if Redis failed
     */
    boolean refresh(int localConnections) {
        List<String> ids = new ArrayList<>(link.await(link.async().smembers(keys.instances())));
        ids.remove(self);
        Map<String, Long> alive = new HashMap<>();
        alive.put(self, (long) localConnections);
        List<String> dead = new ArrayList<>();
        if (!ids.isEmpty()) {
            List<KeyValue<String, String>> beats = link.await(link.async().mget(
                    ids.stream().map(keys::heartbeat).toArray(String[]::new)));
            for (int i = 0; i < ids.size(); i++) {
                KeyValue<String, String> value = beats.get(i);
                if (value.hasValue()) {
                    alive.put(ids.get(i), parseCount(value.getValue()));
                } else {
                    dead.add(ids.get(i));
                }
            }
        }
        long users = link.await(link.async().scard(keys.users()));
        Set<String> before = view.alive();
        view = new View(Set.copyOf(alive.keySet()),
                alive.values().stream().mapToLong(Long::longValue).sum(), users);
        departed.removeAll(alive.keySet());
        if (departed.size() > 10_000) {
            departed.clear();
        }
        for (String id : dead) {
            departed.add(id);
            cleanUp(id, false);
        }
        return !alive.keySet().containsAll(before);
    }

    /**
     * The instances among {@code ids} whose heartbeat was renewed within the last two heartbeat
     * intervals (this one always): only their connections count against a limit.
     */
    Set<String> heartbeatingLately(Set<String> ids, long heartbeatMillis) {
        Set<String> fresh = new HashSet<>();
        fresh.add(self);
        List<String> others = ids.stream().filter(id -> !id.equals(self)).toList();
        List<CompletionStage<Long>> ttls = others.stream()
                .map(id -> (CompletionStage<Long>) link.async().pttl(keys.heartbeat(id))).toList();
        for (int i = 0; i < others.size(); i++) {
            if (link.await(ttls.get(i)) > ttlMillis - 2 * heartbeatMillis) {
                fresh.add(others.get(i));
            }
        }
        return fresh;
    }

    /**
     * Removes an instance's registry entries: a dead one's (if this instance wins the cleanup
     * lock), or this instance's own when it leaves ({@code leaving}). One command per slot.
     */
    void cleanUp(String id, boolean leaving) {
        if (!leaving) {
            String won = link.await(link.async().set(keys.cleanupLock(id), self,
                    SetArgs.Builder.nx().px(ttlMillis)));
            if (won == null) {
                return;
            }
            LOG.info("instance {} stopped heartbeating; removing its registry entries", id);
        } else {
            link.await(link.async().del(keys.heartbeat(id)));
        }
        Map<String, String> connections = link.await(link.async().hgetall(
                keys.instanceConnections(id)));
        Map<String, List<String>> byUser = new HashMap<>();
        connections.forEach((connection, user) ->
                byUser.computeIfAbsent(user, ignored -> new ArrayList<>()).add(id + "|" + connection));
        List<CompletionStage<?>> sent = new ArrayList<>();
        byUser.forEach((user, members) -> sent.add(link.<Long>script(link.scripts.unregister,
                ScriptOutputType.INTEGER, new String[] {keys.userConnections(UserId.of(user))},
                members.toArray(String[]::new)).thenCompose(left -> left == 0
                        ? link.async().srem(keys.users(), user)
                        : CompletableFuture.completedFuture(0L))));
        connections.keySet().forEach(connection -> sent.add(link.async().del(
                keys.connectionOwner(ConnectionId.of(connection)))));
        for (String room : link.await(link.async().smembers(keys.instanceRooms(id)))) {
            sent.add(link.async().srem(keys.room(room), id));
        }
        sent.forEach(link::await);
        link.await(link.async().del(keys.instanceConnections(id), keys.instanceRooms(id),
                keys.inbox(id), keys.inboxCounter(id)));
        link.await(link.async().srem(keys.instances(), id));
    }

    private static long parseCount(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
