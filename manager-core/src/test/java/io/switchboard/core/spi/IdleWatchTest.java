package io.switchboard.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
    private static final Duration POLL = Duration.ofMillis(5);

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

        await("the watch to fire").atMost(Duration.ofSeconds(5)).pollInterval(POLL).until(() -> fired.get() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT);
        // No second check is pending once it fired: the executor's queue is empty.
        await("the timer to have nothing pending").atMost(Duration.ofSeconds(5)).pollInterval(POLL)
                .until(() -> timer.getQueue().isEmpty() && timer.getActiveCount() == 0);
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

        await("the watch to fire after the silence").atMost(Duration.ofSeconds(5)).pollInterval(POLL)
                .until(() -> fired.get() == 1);
    }

    @Test
    @DisplayName("stops without firing once the connection is closed")
    void stopsWhenClosed() {
        IdleWatch.start(TIMEOUT, scheduler, open::get, fired::incrementAndGet);
        open.set(false);

        await("the one check to run and nothing to be pending").atMost(Duration.ofSeconds(5)).pollInterval(POLL)
                .until(() -> timer.getCompletedTaskCount() == 1 && timer.getQueue().isEmpty());
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
}
