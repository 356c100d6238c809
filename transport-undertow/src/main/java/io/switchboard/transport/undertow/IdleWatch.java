package io.switchboard.transport.undertow;

import io.switchboard.core.CloseReason;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.xnio.XnioExecutor;

/**
 * The transport's idle timeout for one connection: if no frame arrives for {@code idleTimeout},
 * {@code onIdle} runs once. Undertow's own channel idle timeout drops the TCP connection without a
 * close frame, so the kit's documented close (1001 "idle timeout") needs this timer instead.
 *
 * <p>{@link #touch()} is called on the connection's I/O thread for every frame; the check runs on
 * the same thread's timer, rescheduling itself for the time left, so there is one pending timer
 * per connection and no shared scheduler.
 */
final class IdleWatch {

    /** The close sent when the idle timeout fires. */
    static final CloseReason IDLE_TIMEOUT = new CloseReason(1001, "idle timeout");

    private final long timeoutNanos;
    private volatile long lastFrameNanos = System.nanoTime();

    private IdleWatch(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * A watch for {@code timeout}; not yet started.
     *
     * @param timeout zero for none
     * @return the watch
     */
    static IdleWatch of(Duration timeout) {
        return new IdleWatch(timeout.toNanos());
    }

    /** Records inbound traffic. */
    void touch() {
        if (timeoutNanos > 0) {
            lastFrameNanos = System.nanoTime();
        }
    }

    /**
     * Starts watching.
     *
     * @param timer the connection's I/O thread
     * @param isOpen whether the connection is still open (the watch stops when it is not)
     * @param onIdle what to do when the timeout fires
     */
    void start(XnioExecutor timer, BooleanSupplier isOpen, Runnable onIdle) {
        if (timeoutNanos > 0) {
            touch();
            schedule(timer, isOpen, onIdle, timeoutNanos);
        }
    }

    private void schedule(XnioExecutor timer, BooleanSupplier isOpen,
            Runnable onIdle, long delayNanos) {
        try {
            timer.executeAfter(() -> {
                if (!isOpen.getAsBoolean()) {
                    return;
                }
                long silent = System.nanoTime() - lastFrameNanos;
                if (silent >= timeoutNanos) {
                    onIdle.run();
                } else {
                    schedule(timer, isOpen, onIdle, timeoutNanos - silent);
                }
            }, Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos)), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The server is stopping; its connections close with it.
        }
    }
}
