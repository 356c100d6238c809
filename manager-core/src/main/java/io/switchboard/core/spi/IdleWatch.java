package io.switchboard.core.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * A transport's idle timeout for one connection: once no inbound frame has been
 * {@linkplain #touch() recorded} for {@code timeout}, {@code onIdle} runs once, and the transport
 * closes with 1001 {@code CloseReason.IDLE_TIMEOUT}. A check reschedules itself for the time left,
 * so one timer is pending per connection, on whatever scheduler the transport's server offers (an
 * I/O thread's timer, a shared delayed executor); the watch stops once the connection is closed.
 *
 * <h2>Threading</h2>
 * Thread-safe: {@link #touch()} may be called on any thread, concurrently with a check. The checks
 * and {@code onIdle} run on the {@link Scheduler}'s thread.
 */
public final class IdleWatch {

    private final long timeoutNanos;
    private final Scheduler scheduler;
    private final BooleanSupplier open;
    private final Runnable onIdle;
    private volatile long lastInboundNanos = System.nanoTime();

    private IdleWatch(Duration timeout, Scheduler scheduler, BooleanSupplier open, Runnable onIdle) {
        this.timeoutNanos = timeout.toNanos();
        this.scheduler = scheduler;
        this.open = open;
        this.onIdle = onIdle;
    }

    /**
     * Starts watching a connection.
     *
     * @param timeout positive
     * @param scheduler runs the checks
     * @param open whether the connection is still open; the watch ends once it is not
     * @param onIdle closes the connection; runs at most once
     * @return the watch, to {@link #touch()} on every inbound frame
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public static IdleWatch start(Duration timeout, Scheduler scheduler, BooleanSupplier open,
            Runnable onIdle) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        IdleWatch watch = new IdleWatch(timeout, Objects.requireNonNull(scheduler, "scheduler"),
                Objects.requireNonNull(open, "open"), Objects.requireNonNull(onIdle, "onIdle"));
        watch.checkIn(watch.timeoutNanos);
        return watch;
    }

    /** Records an inbound frame (even a partial one). */
    public void touch() {
        lastInboundNanos = System.nanoTime();
    }

    private void check() {
        if (!open.getAsBoolean()) {
            return;
        }
        long silent = System.nanoTime() - lastInboundNanos;
        if (silent >= timeoutNanos) {
            onIdle.run();
        } else {
            checkIn(timeoutNanos - silent);
        }
    }

    private void checkIn(long delayNanos) {
        try {
            scheduler.schedule(this::check, Math.max(1, delayNanos));
        } catch (RejectedExecutionException stopping) {
            // The server is stopping; its connections close with it.
        }
    }

    /** Runs a task once after a delay: the transport server's own timer. */
    @FunctionalInterface
    public interface Scheduler {

        /**
         * Schedules {@code task}.
         *
         * @param task the check
         * @param delayNanos the delay, positive
         * @throws RejectedExecutionException if the scheduler has stopped
         */
        void schedule(Runnable task, long delayNanos);
    }
}
