package io.switchboard.scaling.redis.internal;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's heartbeat, and its view of the cluster: which instances are alive (their
 * heartbeat key exists), how many connections each reports, how many users hold a connection.
 * Instances whose key expired are cleaned out of the registry here, by whichever survivor gets
 * the cleanup lock first. Runs on the maintenance thread only.
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
    private boolean beatOnce;
    private String boot;
    private volatile View view;

    Membership(RedisLink link, Keys keys, String self, long ttlMillis) {
        this.link = link;
        this.keys = keys;
        this.self = self;
        this.ttlMillis = ttlMillis;
        this.view = new View(Set.of(self), 0, 0);
    }

    View view() {
        return view;
    }

    /** Another instance announced that it joined ({@code true}) or left. */
    void announced(String id, boolean joined) {
        View current = view;
        java.util.Set<String> alive = new java.util.HashSet<>(current.alive());
        if (joined ? alive.add(id) : alive.remove(id)) {
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
        List<Object> answer = link.await(link.script(link.scripts.heartbeat, ScriptOutputType.MULTI,
                new String[0], keys.prefix(), self, Long.toString(ttlMillis),
                Integer.toString(localConnections)));
        link.clockSample(Long.parseLong(RedisReplayLog.text(answer.get(2))), sent,
                System.currentTimeMillis());
        boolean existed = ((Long) answer.get(0)) == 1L;
        String seenBoot = RedisReplayLog.text(answer.get(1));
        boolean dataLost = boot != null && !boot.equals(seenBoot);
        boolean registryLost = beatOnce && !existed;
        if (dataLost) {
            LOG.warn("Redis lost its data (restarted empty); re-registering and resyncing clients");
        } else if (registryLost) {
            LOG.warn("this instance's heartbeat key had expired; re-registering and resyncing clients");
        }
        boot = seenBoot;
        beatOnce = true;
        return new Beat(registryLost, dataLost);
    }

    /**
     * Refreshes the view and removes the entries of instances found dead.
     *
     * @throws io.lettuce.core.RedisException if Redis failed
     */
    void refresh(int localConnections) {
        List<String> ids = new ArrayList<>(link.await(link.async().smembers(keys.instances())));
        ids.remove(self);
        Map<String, Long> alive = new HashMap<>();
        alive.put(self, (long) localConnections);
        List<String> dead = new ArrayList<>();
        if (!ids.isEmpty()) {
            List<KeyValue<String, String>> beats = link.await(link.async().mget(
                    ids.stream().map(keys::instance).toArray(String[]::new)));
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
        view = new View(Set.copyOf(alive.keySet()),
                alive.values().stream().mapToLong(Long::longValue).sum(), users);
        for (String id : dead) {
            cleanUp(id, false);
        }
    }

    /**
     * Removes an instance's registry entries: a dead one's (if this instance wins the cleanup
     * lock), or this instance's own when it leaves ({@code leaving}).
     */
    void cleanUp(String id, boolean leaving) {
        if (!leaving) {
            String won = link.await(link.async().set(keys.instance(id) + ":cleanup", self,
                    SetArgs.Builder.nx().px(ttlMillis)));
            if (won == null) {
                return;
            }
            LOG.info("instance {} stopped heartbeating; removing its registry entries", id);
        } else {
            link.await(link.async().del(keys.instance(id)));
        }
        for (int round = 0; round < 1000; round++) {
            String status = RedisReplayLog.text(link.await(link.script(link.scripts.cleanup,
                    ScriptOutputType.VALUE, new String[0], keys.prefix(), id, "500",
                    leaving ? "1" : "0")));
            if (!status.equals("more")) {
                return;
            }
        }
    }

    private static long parseCount(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
