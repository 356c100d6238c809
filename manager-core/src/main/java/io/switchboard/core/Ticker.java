package io.switchboard.core;

/**
 * A monotonic time source in nanoseconds, for timeouts and ages. Tests supply a manual ticker to
 * move time without sleeping. Must be thread-safe.
 */
@FunctionalInterface
public interface Ticker {

    /**
     * The system's monotonic clock.
     *
     * @return a ticker reading {@link System#nanoTime()}
     */
    static Ticker system() {
        return System::nanoTime;
    }

    /**
     * The current reading; only differences between readings are meaningful.
     *
     * @return nanoseconds since an arbitrary origin
     */
    long read();
}
