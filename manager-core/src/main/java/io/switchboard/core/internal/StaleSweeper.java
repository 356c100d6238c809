package io.switchboard.core.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one thread the manager starts: it runs the stale sweep on an interval until stopped. */
final class StaleSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(StaleSweeper.class);

    private final ScheduledExecutorService executor;

    private StaleSweeper(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** Starts sweeping every {@code interval}; a zero interval starts nothing. */
    static StaleSweeper start(Duration interval, IntSupplier sweep) {
        if (interval.isZero()) {
            return new StaleSweeper(null);
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "switchboard-stale-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long nanos = interval.toNanos();
        executor.scheduleWithFixedDelay(() -> {
            try {
                int closed = sweep.getAsInt();
                if (closed > 0) {
                    LOG.debug("stale sweep closed {} connections", closed);
                }
            } catch (RuntimeException e) {
                LOG.warn("stale sweep failed; it runs again next interval", e);
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
        return new StaleSweeper(executor);
    }

    /** Stops the thread and waits briefly for a sweep in progress to end. */
    void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("stale sweeper did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
