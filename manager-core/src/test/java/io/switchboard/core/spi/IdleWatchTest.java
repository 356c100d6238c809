package io.switchboard.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The idle timeout every transport runs on its own server's timer. */
@DisplayName("Idle watch")
class IdleWatchTest {

    private static final Duration TIMEOUT = Duration.ofMillis(150);

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final IdleWatch.Scheduler scheduler =
            (task, delayNanos) -> timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    private final AtomicInteger fired = new AtomicInteger();
    private final AtomicBoolean open = new AtomicBoolean(true);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    @DisplayName("fires once after the timeout of silence")
    void firesOnceWhenSilent() {
        long start = System.nanoTime();
        IdleWatch.start(TIMEOUT, scheduler, open::get, fired::incrementAndGet);

        waitFor(() -> fired.get() == 1, Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT);
        // No second check is pending once it fired: the executor's queue is empty.
        waitFor(() -> timer.getQueue().isEmpty() && timer.getActiveCount() == 0,
                Duration.ofSeconds(5));
        assertThat(fired).hasValue(1);
    }

    @Test
    @DisplayName("inbound traffic keeps it from firing; silence after it fires it")
    void touchDefersIt() {
        IdleWatch watch = IdleWatch.start(TIMEOUT, scheduler, open::get, fired::incrementAndGet);
        long until = System.nanoTime() + TIMEOUT.multipliedBy(3).toNanos();
        while (System.nanoTime() < until) {
            watch.touch();
            LockSupport.parkNanos(TIMEOUT.toNanos() / 10);
        }
        assertThat(fired).as("touched every %s", TIMEOUT.dividedBy(10)).hasValue(0);

        waitFor(() -> fired.get() == 1, Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("stops without firing once the connection is closed")
    void stopsWhenClosed() {
        IdleWatch.start(TIMEOUT, scheduler, open::get, fired::incrementAndGet);
        open.set(false);

        waitFor(() -> timer.getCompletedTaskCount() == 1 && timer.getQueue().isEmpty(),
                Duration.ofSeconds(5));
        assertThat(fired).hasValue(0);
    }

    @Test
    @DisplayName("a stopped scheduler ends the watch quietly; a non-positive timeout is refused")
    void edges() {
        IdleWatch.start(TIMEOUT, (task, delay) -> {
            throw new RejectedExecutionException("stopped");
        }, open::get, fired::incrementAndGet);
        assertThat(fired).hasValue(0);
        assertThatThrownBy(() -> IdleWatch.start(Duration.ZERO, scheduler, open::get, fired::incrementAndGet))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition within %s", within).isNegative();
            LockSupport.parkNanos(5_000_000);
        }
    }
}
