package io.switchboard.benchmarks.load.client;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What reached the client's sockets: how many events, when the last one arrived, and the latency
 * of each, from the timestamp the event carries to its arrival ({@code System.nanoTime()} is one
 * clock for every process of the machine). Thread-safe: every event loop of the client records
 * here; the harness reads and resets between measurements.
 */
public final class Arrivals {

    private static final long MAX_TRACKED_NANOS = 120_000_000_000L;
    /** An event slower than this counts in its slice of time (see {@link #slowBySlice()}). */
    public static final long SLOW_NANOS = 1_000_000L;
    /** The length of a slice of time. */
    public static final long SLICE_NANOS = 100_000_000L;
    // 30 s of slices; later arrivals count in the last.
    private static final int SLICES = 300;

    private final LongAdder events = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong lastArrivalNanos = new AtomicLong();
    private final ConcurrentHistogram latencyNanos = new ConcurrentHistogram(MAX_TRACKED_NANOS, 3);
    // Slow arrivals by the slice of time since the last reset they arrived in: whether a run's
    // slow events come at once (a pause) or spread out (scheduling).
    private final AtomicLongArray slow = new AtomicLongArray(SLICES);
    private volatile long sliceBaseNanos = System.nanoTime();

    void record(long stampNanos, long arrivalNanos) {
        events.increment();
        lastArrivalNanos.accumulateAndGet(arrivalNanos, Math::max);
        long latency = Math.min(MAX_TRACKED_NANOS, Math.max(0, arrivalNanos - stampNanos));
        latencyNanos.recordValue(latency);
        if (latency > SLOW_NANOS) {
            long slice = Math.max(0, (arrivalNanos - sliceBaseNanos) / SLICE_NANOS);
            slow.incrementAndGet((int) Math.min(SLICES - 1, slice));
        }
    }

    void droppedByServer() {
        dropped.increment();
    }

    /**
     * Connections that closed after they were ready, without the client closing them, since the
     * client started: a server that closed a slow client (a queue overflow, 4003) loses it the
     * rest of its events, so a workload waiting for them fails at once instead of timing out.
     *
     * @return the count
     */
    public long droppedConnections() {
        return dropped.sum();
    }

    /**
     * Events received since the last {@link #reset()}.
     *
     * @return the count
     */
    public long events() {
        return events.sum();
    }

    /**
     * When the last event since the last reset arrived.
     *
     * @return its {@code System.nanoTime()}, 0 if none did
     */
    public long lastArrivalNanos() {
        return lastArrivalNanos.get();
    }

    /**
     * The latencies since the last reset.
     *
     * @return a copy, in nanoseconds
     */
    public Histogram latencies() {
        return latencyNanos.copy();
    }

    /**
     * How many events took longer than {@link #SLOW_NANOS} to arrive, by the slice of
     * {@link #SLICE_NANOS} since the last reset they arrived in.
     *
     * @return a copy, one count per slice
     */
    public long[] slowBySlice() {
        long[] counts = new long[SLICES];
        for (int i = 0; i < SLICES; i++) {
            counts[i] = slow.get(i);
        }
        return counts;
    }

    /** Forgets everything; call it while no events are in flight. */
    public void reset() {
        for (int i = 0; i < SLICES; i++) {
            slow.set(i, 0);
        }
        sliceBaseNanos = System.nanoTime();
        events.reset();
        lastArrivalNanos.set(0);
        latencyNanos.reset();
    }
}
