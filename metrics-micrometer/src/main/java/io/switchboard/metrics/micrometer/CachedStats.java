package io.switchboard.metrics.micrometer;

import io.switchboard.core.ManagerStats;
import io.switchboard.core.WebSocketManager;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The manager's stats snapshot, taken at most once per {@code maxAgeNanos}: one scrape reads
 * dozens of meters, and each would otherwise take a snapshot of its own (which copies the
 * per-user map). All meters of one scrape therefore read the same, consistent snapshot.
 *
 * <p>Thread-safe: registries read meters from any thread; a stale snapshot is replaced by one
 * reader while the others keep reading the previous one, which is never torn.
 */
final class CachedStats {

    private final WebSocketManager manager;
    private final long maxAgeNanos;
    private final Object refresh = new Object();
    private volatile Taken latest;

    private record Taken(ManagerStats stats, long atNanos) {
    }

    CachedStats(WebSocketManager manager, long maxAgeNanos) {
        this.manager = manager;
        this.maxAgeNanos = maxAgeNanos;
    }

    /** The current snapshot, taken now if the last one is older than the maximum age. */
    ManagerStats current() {
        long now = System.nanoTime();
        Taken taken = latest;
        if (taken == null || now - taken.atNanos() > maxAgeNanos) {
            synchronized (refresh) {
                taken = latest;
                if (taken == null || now - taken.atNanos() > maxAgeNanos) {
                    taken = new Taken(manager.stats(), System.nanoTime());
                    latest = taken;
                }
            }
        }
        return taken.stats();
    }

    /** A meter's reading: a figure of the current snapshot. */
    ToDoubleFunction<CachedStats> reading(ToDoubleFunction<ManagerStats> figure) {
        return cache -> figure.applyAsDouble(cache.current());
    }

    /**
     * A reading of an optional part of the snapshot (heartbeat, cluster): NaN while it is absent,
     * which registries show as "no value" rather than as zero.
     */
    <T> ToDoubleFunction<CachedStats> optionalReading(
            Function<ManagerStats, Optional<T>> part, ToDoubleFunction<T> figure) {
        return cache -> {
            Optional<T> present = part.apply(cache.current());
            return present.isPresent() ? figure.applyAsDouble(present.get()) : Double.NaN;
        };
    }
}
