package io.switchboard.benchmarks.load.server;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The agent runtime of the benchmark: emission threads that send stream events to a backend,
 * users partitioned among them so that each user's events come from one thread, in order. Used
 * by one command at a time.
 */
final class EmissionDriver {

    /** When a command's emission began and ended ({@code System.nanoTime()}). */
    record Span(long startNanos, long endNanos) {
    }

    private final Backend backend;
    private final int threads;
    // CPU time of the emission threads that have finished: they live for one command only.
    private final AtomicLong finishedCpuNanos = new AtomicLong();

    EmissionDriver(Backend backend, int threads) {
        this.backend = backend;
        this.threads = threads;
    }

    /**
     * Sends {@code events} events to each of {@code users} users as fast as the backend takes
     * them: round by round, every user of a thread's share gets its next event.
     */
    Span burst(int users, int events) throws InterruptedException {
        return run(users, (share, thread, count) -> {
            for (int round = 0; round < events; round++) {
                for (int user : share) {
                    backend.emit(user, System.nanoTime());
                }
            }
        });
    }

    /**
     * Sends {@code perSecond} events a second for {@code millis}, spread over the users. Each
     * event carries the time it was due, not the time it was sent: an emitter that falls behind
     * shows as latency, never as a pause the measurement misses.
     */
    Span atRate(int users, int perSecond, long millis) throws InterruptedException {
        long total = perSecond * millis / 1000;
        // Far enough ahead for the threads to start.
        long start = System.nanoTime() + 20_000_000;
        return run(users, (share, thread, count) -> {
            // Thread k sends events k, k + count, ...: together they keep the rate.
            double interval = 1e9 / perSecond;
            int next = 0;
            for (long event = thread; event < total; event += count) {
                long due = start + (long) (event * interval);
                long wait = due - System.nanoTime();
                if (wait > 20_000) {
                    LockSupport.parkNanos(wait);
                }
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                backend.emit(share[next], due);
                next = next + 1 == share.length ? 0 : next + 1;
            }
        });
    }

    /** The CPU time, in nanoseconds, of every emission thread that has finished so far. */
    long emittersCpuNanos() {
        return finishedCpuNanos.get();
    }

    private interface Share {
        void emit(int[] users, int thread, int threadCount);
    }

    private Span run(int users, Share work) throws InterruptedException {
        int count = Math.min(threads, users);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            int[] share = share(users, count, t);
            int thread = t;
            Thread emitter = new Thread(() -> {
                try {
                    go.await();
                    work.emit(share, thread, count);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    finishedCpuNanos.addAndGet(
                            ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                }
            }, "bench-emitter-" + t);
            emitter.start();
            running.add(emitter);
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread emitter : running) {
            emitter.join();
        }
        return new Span(start, System.nanoTime());
    }

    private static int[] share(int users, int threads, int thread) {
        int[] share = new int[(users - thread + threads - 1) / threads];
        for (int i = 0; i < share.length; i++) {
            share[i] = thread + i * threads;
        }
        return share;
    }
}
