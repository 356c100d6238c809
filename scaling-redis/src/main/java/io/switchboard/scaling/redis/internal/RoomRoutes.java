package io.switchboard.scaling.redis.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which instances hold members of the rooms this instance sends to: loaded from Redis on first
 * use, kept current by the membership notices every instance publishes, and reloaded at every
 * heartbeat in case a notice was lost. Room frames are not numbered or replayed (see the core's
 * delivery guarantees), so a route that lags a join by one notice is within their contract.
 */
final class RoomRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(RoomRoutes.class);

    private final RedisLink link;
    private final Keys keys;
    private final BoundedMap<String, Set<String>> routes = new BoundedMap<>(10_000);

    RoomRoutes(RedisLink link, Keys keys) {
        this.link = link;
        this.keys = keys;
    }

    /** The instances holding members of {@code room}, or null if not known yet. */
    Set<String> get(String room) {
        return routes.get(room);
    }

    /** Loads a room's instances in the background. */
    void load(String room) {
        try {
            link.async().smembers(keys.room(room)).whenComplete((members, error) -> {
                if (error == null) {
                    routes.put(room, Set.copyOf(members));
                } else {
                    LOG.debug("room {} could not be loaded", room, error);
                }
            });
        } catch (RuntimeException refused) {
            LOG.debug("room {} could not be loaded", room, refused);
        }
    }

    /** Applies a notice: {@code +} joined, {@code -} left, {@code X} the instance is gone. */
    void apply(char op, String instance, String room) {
        if (op == 'X') {
            for (String name : routes.keys()) {
                routes.compute(name, set -> without(set, instance));
            }
            return;
        }
        routes.compute(room, set -> {
            if (set == null) {
                return null;
            }
            return op == '+' ? with(set, instance) : without(set, instance);
        });
    }

    /**
     * Reloads every known room (bounded by the command timeout).
     *
     * @throws io.lettuce.core.RedisException if Redis failed
     */
    void reloadAll() {
        List<String> names = routes.keys();
        List<java.util.concurrent.CompletionStage<Set<String>>> loads = names.stream()
                .map(name -> (java.util.concurrent.CompletionStage<Set<String>>)
                        link.async().smembers(keys.room(name)))
                .toList();
        for (int i = 0; i < names.size(); i++) {
            routes.put(names.get(i), Set.copyOf(link.await(loads.get(i))));
        }
    }

    private static Set<String> with(Set<String> set, String instance) {
        Set<String> next = new HashSet<>(set);
        next.add(instance);
        return Set.copyOf(next);
    }

    private static Set<String> without(Set<String> set, String instance) {
        if (set == null || !set.contains(instance)) {
            return set;
        }
        Set<String> next = new HashSet<>(set);
        next.remove(instance);
        return Set.copyOf(next);
    }
}
