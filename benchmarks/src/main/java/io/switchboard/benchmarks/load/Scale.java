package io.switchboard.benchmarks.load;

import java.time.Duration;

/**
 * How much load each workload puts on a server. {@link #full()} is the table; the other
 * two keep the same shape at a smaller size.
 *
 * @param streamUsers per-user streams: users, one connection and one thread each
 * @param streamEvents per-user streams: events per user and burst
 * @param warmupBursts bursts before measuring, to warm the JIT
 * @param maxWarmupBursts bursts before measuring at most, while the JIT has not settled
 * @param measuredBursts bursts measured and added up
 * @param ratePerSecond the fixed rate, events per second over all users
 * @param rateWarmup how long to send at the rate before measuring, after the bursts that warm
 *     the JIT
 * @param rateMeasured how long to measure at the rate
 * @param idleConnections idle connections whose heap is measured
 * @param churnWarmup how long each churn warm-up round runs; zero for none (see
 *     {@link ChurnWorkload})
 * @param churnDuration how long the churn runs
 * @param churnInFlight churn cycles at once
 * @param fanOutConnections connections each broadcast reaches
 * @param warmupBroadcasts broadcasts of each warm-up round before measuring (see
 *     {@link FanOutWorkload})
 * @param measuredBroadcasts broadcasts measured (their median is the figure)
 * @param rounds interleaved rounds (their median is reported)
 */
record Scale(int streamUsers, int streamEvents, int warmupBursts, int maxWarmupBursts,
        int measuredBursts, int ratePerSecond, Duration rateWarmup, Duration rateMeasured,
        int idleConnections, Duration churnWarmup, Duration churnDuration, int churnInFlight,
        int fanOutConnections, int warmupBroadcasts, int measuredBroadcasts, int rounds) {

    /** The workloads, three rounds. */
    static Scale full() {
        return new Scale(2_000, 20, 3, 60, 5, 20_000, Duration.ofSeconds(3), Duration.ofSeconds(10),
                10_000, Duration.ofSeconds(2), Duration.ofSeconds(20), 50, 5_000, 10, 30, 3);
    }

    /** The same shapes, smaller and one round: a few minutes. */
    static Scale quick() {
        return new Scale(500, 20, 2, 10, 2, 5_000, Duration.ofSeconds(1), Duration.ofSeconds(3),
                2_000, Duration.ofSeconds(1), Duration.ofSeconds(5), 50, 1_000, 3, 10, 1);
    }

    /** The smallest run that still produces every figure: seconds, for the test suite. */
    static Scale smoke() {
        return new Scale(20, 5, 0, 0, 1, 500, Duration.ofMillis(200), Duration.ofMillis(500),
                50, Duration.ZERO, Duration.ofMillis(500), 5, 20, 1, 3, 1);
    }

    Scale withRounds(int value) {
        return new Scale(streamUsers, streamEvents, warmupBursts, maxWarmupBursts, measuredBursts,
                ratePerSecond, rateWarmup, rateMeasured, idleConnections, churnWarmup, churnDuration,
                churnInFlight, fanOutConnections, warmupBroadcasts, measuredBroadcasts, value);
    }
}
