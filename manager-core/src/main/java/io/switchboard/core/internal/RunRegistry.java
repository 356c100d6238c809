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
 * in size and by time since last use. Only associations live here, never connections: expiry can
 * make a run unknown, never cut a live connection. Maintenance runs on the calling thread, so the
 * cache starts no thread.
 *
 * <p>An emitter keeps its run's association alive through a {@link KeepAlive}, which touches the
 * cache at most once per {@link #refreshInterval(Duration) refresh interval} rather than on every
 * event: the association then expires between {@code ttl - interval} and {@code ttl} after the
 * emitter's last event.
 */
final class RunRegistry {

    // The coarsest refresh: once a second, or a tenth of a shorter TTL.
    private static final Duration MAX_REFRESH_INTERVAL = Duration.ofSeconds(1);

    /** Where a run's events go, and what its users asked of it. */
    record RunRoute(UserId user, ThreadId thread, RunControlState control) {
    }

    /**
     * Keeps one run's association alive for its emitter. Thread-safe: emits of one run may come
     * from several threads; two of them refreshing at once only touch the cache twice.
     */
    final class KeepAlive {

        private final RunId run;
        private final UserId user;
        private final ThreadId thread;
        private volatile long nextRefreshNanos;

        private KeepAlive(RunId run, UserId user, ThreadId thread, long nowNanos) {
            this.run = run;
            this.user = user;
            this.thread = thread;
            this.nextRefreshNanos = nowNanos + refreshNanos;
        }

        /** Before an event of the run: re-associates it if the refresh interval has passed. */
        void touch() {
            long now = ticker.read();
            if (now - nextRefreshNanos >= 0) {
                nextRefreshNanos = now + refreshNanos;
                associate(run, user, thread);
            }
        }
    }

    private final Cache<RunId, RunRoute> routes;
    private final RunControls controls;
    private final Ticker ticker;
    private final long refreshNanos;

    RunRegistry(Duration ttl, int maxSize, Ticker ticker, RunControls controls) {
        this.controls = controls;
        this.ticker = ticker;
        this.refreshNanos = refreshInterval(ttl).toNanos();
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

    /**
     * How often an emitter refreshes its run's association: once a second, or a tenth of the TTL
     * if that is shorter.
     *
     * @param ttl the associations' time to live after their last use
     * @return the interval
     */
    static Duration refreshInterval(Duration ttl) {
        Duration tenth = ttl.dividedBy(10);
        return tenth.compareTo(MAX_REFRESH_INTERVAL) < 0 ? tenth : MAX_REFRESH_INTERVAL;
    }

    /** Keeps a run's association, just made by {@link #associate}, alive for its emitter. */
    KeepAlive keepAlive(RunId run, UserId user, ThreadId thread) {
        return new KeepAlive(run, user, thread, ticker.read());
    }

    RunRoute route(RunId run) {
        return routes.getIfPresent(run);
    }

    long size() {
        return routes.estimatedSize();
    }
}
