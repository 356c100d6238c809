package io.switchboard.heartbeat.internal;

import java.util.Arrays;

/**
 * The most recent round-trip times, for the mean and percentiles the stats report. A fixed ring,
 * so memory does not grow with the number of pongs. Thread-safe.
 */
final class RttWindow {

    private final long[] nanos;
    private int next;
    private int size;
    private long max;

    RttWindow(int capacity) {
        this.nanos = new long[capacity];
    }

    synchronized void record(long rttNanos) {
        nanos[next] = rttNanos;
        next = (next + 1) % nanos.length;
        size = Math.min(size + 1, nanos.length);
        max = Math.max(max, rttNanos);
    }

    /** Mean, p50, p99 and the all-time maximum, in milliseconds; zeros when empty. */
    synchronized double[] summaryMillis() {
        if (size == 0) {
            return new double[4];
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0);
        return new double[] {millis(mean), millis(percentile(sorted, 0.50)),
            millis(percentile(sorted, 0.99)), millis(max)};
    }

    private static double percentile(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double millis(double nanos) {
        return nanos / 1_000_000.0;
    }
}
