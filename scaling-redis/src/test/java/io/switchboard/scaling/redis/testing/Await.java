package io.switchboard.scaling.redis.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; never a fixed sleep. */
public final class Await {

    private Await() {
    }

    /**
     * Waits until {@code condition} holds.
     *
     * @param within the deadline
     * @param what describes the condition, for the failure message
     * @param condition the condition
     * @throws AssertionError if it does not hold in time
     */
    public static void until(Duration within, Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what.get());
            }
            LockSupport.parkNanos(5_000_000L);
        }
    }

    /** Waits until {@code condition} holds, with a fixed description. */
    public static void until(Duration within, String what, BooleanSupplier condition) {
        until(within, () -> what, condition);
    }

    /**
     * Calls {@code attempt} until it returns without throwing, or the deadline passes.
     *
     * @param within the deadline
     * @param what describes the attempt, for the failure message
     * @param attempt the call
     * @param <T> what it returns
     * @return its first value
     * @throws AssertionError with the last failure if it never succeeds in time
     */
    public static <T> T value(Duration within, String what, Supplier<T> attempt) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not within " + within + ": " + what, e);
                }
                LockSupport.parkNanos(20_000_000L);
            }
        }
    }
}
