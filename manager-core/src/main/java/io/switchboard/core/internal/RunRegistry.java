package io.switchboard.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.core.Ticker;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.time.Duration;

/**
 * Run associations (run to user and thread, with the run's control state), bounded by Caffeine
 * in size and by time since last use. Only associations live here, never connections: expiry can make a run
 * unknown, never cut a
 * live connection. Maintenance runs on the calling thread, so the cache starts no thread.
 */
final class RunRegistry {

    /** Where a run's events go, and what its users asked of it. */
    record RunRoute(UserId user, ThreadId thread, RunControlState control) {
    }

    private final Cache<RunId, RunRoute> routes;
    private final RunControls controls;

    RunRegistry(Duration ttl, int maxSize, Ticker ticker, RunControls controls) {
        this.controls = controls;
        this.routes = Caffeine.newBuilder()
                .expireAfterAccess(ttl)
                .maximumSize(maxSize)
                .ticker(ticker::read)
                .executor(Runnable::run)
                .build();
    }

    /**
     * Associates a run, or refreshes the same association; refuses a different one. A new
     * association takes the run's control state from whoever still holds it (an emitter).
     *
     * @return the association, or null if the run belongs to another user or thread
     */
    RunRoute associate(RunId run, UserId user, ThreadId thread) {
        RunRoute route = routes.get(run,
                id -> new RunRoute(user, thread, controls.forRun(id, user, thread)));
        return route.control().owns(user, thread) ? route : null;
    }

    /**
     * The run's control state, held by an emitter of the run or by its association; null if
     * neither holds one any more.
     */
    RunControlState control(RunId run) {
        RunControlState state = controls.find(run);
        if (state == null) {
            RunRoute route = routes.getIfPresent(run);
            state = route == null ? null : route.control();
        }
        return state;
    }

    RunRoute route(RunId run) {
        return routes.getIfPresent(run);
    }

    long size() {
        return routes.estimatedSize();
    }
}
