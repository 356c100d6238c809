package io.switchboard.benchmarks.load;

import io.netty.channel.Channel;
import io.switchboard.benchmarks.load.client.Arrivals;
import io.switchboard.benchmarks.load.client.LoadClient;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Per-user streams at a fixed rate, spread over the same users: the latency of every event from
 * the time it was due (the timestamp it carries) to its arrival at the client socket, and the
 * server's CPU per event.
 */
final class FixedRateWorkload implements Workload {

    private final Scale scale;

    FixedRateWorkload(Scale scale) {
        this.scale = scale;
    }

    @Override
    public String name() {
        return "rate";
    }

    @Override
    public Map<Figure, Double> run(ServerProcess server, LoadClient client) throws Exception {
        int users = scale.streamUsers();
        List<Channel> connections = StreamUsers.open(server, client, users);
        try {
            Arrivals arrivals = client.arrivals();
            StreamsWorkload.warm(server, client, scale, name());
            atRate(server, arrivals, scale.rateWarmup());
            long cpuBefore = server.cpuNanos();
            long events = atRate(server, arrivals, scale.rateMeasured());
            long cpu = server.cpuNanos() - cpuBefore;
            Histogram latency = arrivals.latencies();
            System.err.println("load harness: " + server.kind().label() + " fixed rate, events over "
                    + Arrivals.SLOW_NANOS / 1_000_000 + " ms by " + Arrivals.SLICE_NANOS / 1_000_000
                    + " ms slice of the measured run (slice:count): "
                    + slices(arrivals.slowBySlice()) + " of " + events);
            Map<Figure, Double> figures = new EnumMap<>(Figure.class);
            figures.put(Figure.RATE_P50, latency.getValueAtPercentile(50) / 1e6);
            figures.put(Figure.RATE_P99, latency.getValueAtPercentile(99) / 1e6);
            figures.put(Figure.RATE_CPU_PER_EVENT, cpu / 1e3 / events);
            return figures;
        } finally {
            client.close(connections);
        }
    }

    // The slices that had slow events, and the sum; a slice of many is a pause, many slices of few
    // is scheduling.
    private static String slices(long[] counts) {
        StringBuilder text = new StringBuilder();
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                text.append(i).append(':').append(counts[i]).append(' ');
                total += counts[i];
            }
        }
        return text.append("= ").append(total).toString();
    }

    // Sends at the rate for the duration and waits for every event; the arrivals hold its latencies.
    private long atRate(ServerProcess server, Arrivals arrivals, Duration duration) throws Exception {
        arrivals.reset();
        String[] answer = server.command("RATE " + scale.streamUsers() + " " + scale.ratePerSecond()
                + " " + duration.toMillis(), duration.plusSeconds(60));
        long expected = Long.parseLong(answer[2]);
        Workload.awaitEvents(arrivals, expected, Duration.ofSeconds(60), "events at a fixed rate");
        return expected;
    }
}
