package io.switchboard.transport.jakarta;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Closes a connection after {@code idleTimeout} without an inbound frame.
 *
 * <p>The adapter keeps its own watch rather than {@code Session.setMaxIdleTimeout}, because the
 * containers differ: Tyrus counts outbound messages as activity (a client that only listens would
 * never idle out) and closes with 1000 on the wire, not the 1001 every Switchboard transport sends.
 * Checks are scheduled with {@link CompletableFuture#delayedExecutor}, so this library starts no
 * thread; a check reschedules itself for the remaining time and stops once the connection is
 * closed. Thread-safe: {@link #touch()} is called on the container's threads.
 */
final class IdleWatch implements Runnable {

    private final long timeoutNanos;
    private final Executor executor;
    private final BooleanSupplier open;
    private final Runnable onIdle;
    private volatile long lastInbound = System.nanoTime();

    private IdleWatch(Duration timeout, Executor executor, BooleanSupplier open, Runnable onIdle) {
        this.timeoutNanos = timeout.toNanos();
        this.executor = executor;
        this.open = open;
        this.onIdle = onIdle;
    }

    /**
     * Starts watching.
     *
     * @param timeout positive
     * @param executor runs the checks
     * @param open whether the connection is still open; the watch ends once it is not
     * @param onIdle closes the connection
     * @return the watch, to {@link #touch()} on every inbound frame
     */
    static IdleWatch start(Duration timeout, Executor executor, BooleanSupplier open,
            Runnable onIdle) {
        IdleWatch watch = new IdleWatch(timeout, executor, open, onIdle);
        watch.checkIn(watch.timeoutNanos);
        return watch;
    }

    /** Records an inbound frame. */
    void touch() {
        lastInbound = System.nanoTime();
    }

    @Override
    public void run() {
        if (!open.getAsBoolean()) {
            return;
        }
        long silent = System.nanoTime() - lastInbound;
        if (silent >= timeoutNanos) {
            onIdle.run();
        } else {
            checkIn(timeoutNanos - silent);
        }
    }

    private void checkIn(long delayNanos) {
        CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, executor).execute(this);
    }
}
