package io.switchboard.benchmarks.load;

import java.util.Locale;

/**
 * Every figure the harness measures: the rows of the table. Each is reported per server
 * as the median of the rounds, and as a ratio to the raw Netty baseline of the same run.
 */
public enum Figure {
    /** Per-user streams as fast as possible: events that reached the clients per second. */
    STREAM_EVENTS_PER_SECOND("per-user streams: events/s", "%,.0f", true, "≥ 0.8×"),
    /** Per-user streams: the server process's CPU time per event. */
    STREAM_CPU_PER_EVENT("per-user streams: server CPU per event (µs)", "%.1f", false, "≤ 1.5×"),
    /** Per-user streams at a fixed rate: median latency, event timestamp to client socket. */
    RATE_P50("fixed rate: p50 latency (ms)", "%.2f", false, ""),
    /** Per-user streams at a fixed rate: 99th percentile latency. */
    RATE_P99("fixed rate: p99 latency (ms)", "%.2f", false, "≤ 1.5×"),
    /** Per-user streams at a fixed rate: the server's CPU time per event. */
    RATE_CPU_PER_EVENT("fixed rate: server CPU per event (µs)", "%.1f", false, ""),
    /** Idle connections: heap after GC per connection. */
    IDLE_HEAP_PER_CONNECTION("idle heap after GC per connection (KB)", "%.2f", false,
            "≤ 1.25× (Undertow ≤ 2×, Jakarta ≤ 1.2× raw Tyrus)"),
    /** Heap after GC right after the churn. */
    CHURN_HEAP("heap after GC right after churn (MB)", "%.1f", false, "≤ 2× raw + 16 MB"),
    /** Connect + welcome + close cycles per second during the churn. */
    CHURN_PER_SECOND("churn: connect + welcome + close per second", "%,.0f", true, "≥ 0.95×"),
    /** One event to every connection: time until the last connection had it. */
    FAN_OUT("fan-out: one event to all, time to reach all (ms)", "%.2f", false,
            "≤ 1.1× batched raw"),
    /** The same for the raw Netty server writing from one task per event loop. */
    FAN_OUT_BATCHED("fan-out, batched raw (one task per event loop) (ms)", "%.2f", false, ""),
    /**
     * Fan-out: the server process's CPU time per broadcast, from the call to the last arrival.
     * Less sensitive than the time to reach all to how the two cores were shared with the client.
     */
    FAN_OUT_CPU("fan-out: server CPU per broadcast (ms)", "%.2f", false, ""),
    /** The same for the batched raw floor. */
    FAN_OUT_BATCHED_CPU("fan-out, batched raw: server CPU per broadcast (ms)", "%.2f", false, "");

    private final String label;
    private final String format;
    private final boolean higherIsBetter;
    private final String goal;

    Figure(String label, String format, boolean higherIsBetter, String goal) {
        this.label = label;
        this.format = format;
        this.higherIsBetter = higherIsBetter;
        this.goal = goal;
    }

    /**
     * The row's label.
     *
     * @return for example {@code "per-user streams: events/s"}
     */
    public String label() {
        return label;
    }

    String format(double value) {
        return String.format(Locale.ROOT, format, value);
    }

    boolean higherIsBetter() {
        return higherIsBetter;
    }

    /**
     * The goal for Switchboard on Netty, as a ratio to the baseline; empty if none.
     *
     * @return the goal in words
     */
    String goal() {
        return goal;
    }
}
