package io.switchboard.scaling.redis.internal;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.UserId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide per-user limit. An admission that takes a user beyond the limit is checked
 * {@code 2.5 x heartbeatInterval} later, counting only connections of instances that heartbeated
 * in the last two intervals: by then an instance that died before the admission has stopped
 * counting, so a live connection is never evicted for one that no longer exists. The oldest
 * counted connections beyond the limit are evicted wherever they live. Checks run on the
 * maintenance thread.
 */
final class UserLimits {

    private static final Logger LOG = LoggerFactory.getLogger(UserLimits.class);

    private final RedisLink link;
    private final Keys keys;
    private final String self;
    private final int limit;
    private final long heartbeatMillis;
    private final Membership membership;
    private final ScheduledExecutorService maintenance;
    private final Consumer<ConnectionId> evictLocally;
    private final Consumer<String[]> evictRemotely;

    /**
     * @param evictRemotely receives {instance, connection} of each connection of another instance
     *     to evict
     */
    UserLimits(RedisLink link, Keys keys, String self, int limit, long heartbeatMillis,
            Membership membership, ScheduledExecutorService maintenance,
            Consumer<ConnectionId> evictLocally, Consumer<String[]> evictRemotely) {
        this.link = link;
        this.keys = keys;
        this.self = self;
        this.limit = limit;
        this.heartbeatMillis = heartbeatMillis;
        this.membership = membership;
        this.maintenance = maintenance;
        this.evictLocally = evictLocally;
        this.evictRemotely = evictRemotely;
    }

    /** How long after an admission beyond the limit it is checked. */
    long delayMillis() {
        return heartbeatMillis * 5 / 2;
    }

    /** Schedules a check of {@code user}'s connections. */
    void overLimit(UserId user) {
        try {
            maintenance.schedule(() -> check(user, 3), delayMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            LOG.debug("cluster port closing; limit check of {} dropped", user);
        }
    }

    private void check(UserId user, int triesLeft) {
        try {
            List<String> members = link.await(link.async().zrange(keys.userConnections(user), 0, -1));
            Set<String> instances = new HashSet<>();
            members.forEach(member -> instances.add(member.substring(0, member.indexOf('|'))));
            Set<String> counted = membership.heartbeatingLately(instances, heartbeatMillis);
            List<String> args = new ArrayList<>();
            args.add(Integer.toString(limit));
            args.addAll(counted);
            List<Object> evicted = link.await(link.script(link.scripts.enforce,
                    ScriptOutputType.MULTI, new String[] {keys.userConnections(user)},
                    args.toArray(String[]::new)));
            for (Object each : evicted) {
                String member = RedisReplayLog.text(each);
                int bar = member.indexOf('|');
                String instance = member.substring(0, bar);
                String connection = member.substring(bar + 1);
                LOG.debug("user {} beyond {} connections: evicting {}", user, limit, member);
                if (instance.equals(self)) {
                    evictLocally.accept(ConnectionId.of(connection));
                } else {
                    evictRemotely.accept(new String[] {instance, connection});
                }
            }
        } catch (RedisException e) {
            if (triesLeft > 1) {
                maintenance.schedule(() -> check(user, triesLeft - 1), delayMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
    }
}
