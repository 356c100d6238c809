package io.switchboard.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.core.Ticker;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.time.Duration;

/**
 * Run associations (run to user and thread), bounded by Caffeine in size and by time since last
 * use. Only associations live here, never connections: expiry can make a run unknown, never cut a
 * live connection. Maintenance runs on the calling thread, so the cache starts no thread.
 */
final class RunRegistry {

    /** Where a run's events go. */
    record RunRoute(UserId user, ThreadId thread) {
    }

    private final Cache<RunId, RunRoute> routes;

    RunRegistry(Duration ttl, int maxSize, Ticker ticker) {
        this.routes = Caffeine.newBuilder()
                .expireAfterAccess(ttl)
                .maximumSize(maxSize)
                .ticker(ticker::read)
                .executor(Runnable::run)
                .build();
    }

    /** Associates a run, or refreshes the same association; refuses a different one. */
    boolean associate(RunId run, UserId user, ThreadId thread) {
        RunRoute wanted = new RunRoute(user, thread);
        return routes.get(run, id -> wanted).equals(wanted);
    }

    RunRoute route(RunId run) {
        return routes.getIfPresent(run);
    }

    long size() {
        return routes.estimatedSize();
    }
}
