package io.switchboard.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread the manager starts, created on first use: it runs the stale sweep and the
 * emitters' delayed retries. {@link #stop()} ends it; retries still waiting then run at once, so
 * that every emit completes (with {@code SHUT_DOWN}) instead of hanging.
 */
final class ManagerScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(ManagerScheduler.class);

    private final Object lock = new Object();
    private final Set<OneShot> pending = ConcurrentHashMap.newKeySet();
    // Guarded by lock.
    private ScheduledExecutorService executor;
    private Thread thread;
    private boolean stopped;

    /** Runs {@code sweep} every {@code interval}; a zero interval schedules nothing. */
    void every(Duration interval, Runnable sweep) {
        if (interval.isZero()) {
            return;
        }
        long nanos = interval.toNanos();
        ScheduledExecutorService running = executor();
        if (running != null) {
            running.scheduleWithFixedDelay(() -> {
                try {
                    sweep.run();
                } catch (RuntimeException e) {
                    LOG.warn("periodic task failed; it runs again next interval", e);
                }
            }, nanos, nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Runs {@code task} after {@code delay}; after {@link #stop()}, runs it at once. */
    void after(Duration delay, Runnable task) {
        ScheduledExecutorService running = executor();
        if (running == null) {
            task.run();
            return;
        }
        OneShot oneShot = new OneShot(task);
        pending.add(oneShot);
        running.schedule(oneShot, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    // A delayed task that runs exactly once: when due, or at stop() if it was still waiting.
    // (An executor's own waiting tasks refuse to run once it is shut down.)
    private final class OneShot implements Runnable {
        private final Runnable task;
        private final AtomicBoolean claimed = new AtomicBoolean();

        OneShot(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            if (claimed.compareAndSet(false, true)) {
                pending.remove(this);
                task.run();
            }
        }
    }

    /** Stops the thread, runs waiting one-shot tasks, and waits briefly for a running task. */
    void stop() {
        ScheduledExecutorService running;
        Thread worker;
        synchronized (lock) {
            stopped = true;
            running = executor;
            worker = thread;
        }
        if (running == null) {
            return;
        }
        running.shutdownNow();
        try {
            // The executor reports termination just before its thread ends: wait for the thread.
            if (!running.awaitTermination(5, TimeUnit.SECONDS)
                    || (worker != null && worker != Thread.currentThread() && !joined(worker))) {
                LOG.warn("manager scheduler did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List.copyOf(pending).forEach(OneShot::run);
    }

    private static boolean joined(Thread worker) throws InterruptedException {
        worker.join(TimeUnit.SECONDS.toMillis(5));
        return !worker.isAlive();
    }

    private ScheduledExecutorService executor() {
        synchronized (lock) {
            if (stopped) {
                return null;
            }
            if (executor == null) {
                executor = Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread created = new Thread(task, "switchboard-scheduler");
                    created.setDaemon(true);
                    synchronized (lock) {
                        thread = created;
                    }
                    return created;
                });
            }
            return executor;
        }
    }
}
