package io.switchboard.benchmarks.load;

import io.netty.channel.Channel;
import io.switchboard.benchmarks.load.client.Arrivals;
import io.switchboard.benchmarks.load.client.LoadClient;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Per-user streams as fast as possible: every user, one connection subscribed to one of its
 * threads, gets a burst of thread events, all users at once. Throughput is the events that reached
 * the clients over the time from the burst's start to the last arrival; CPU is the server
 * process's, over the same bursts.
 */
final class StreamsWorkload implements Workload {

    private final Scale scale;

    StreamsWorkload(Scale scale) {
        this.scale = scale;
    }

    @Override
    public String name() {
        return "streams";
    }

    @Override
    public Map<Figure, Double> run(ServerProcess server, LoadClient client) throws Exception {
        int users = scale.streamUsers();
        List<Channel> connections = StreamUsers.open(server, client, users);
        try {
            warm(server, client, scale, name());
            long events = 0;
            long nanos = 0;
            long cpu = 0;
            CpuSplit split = CpuSplit.start(server);
            for (int i = 0; i < scale.measuredBursts(); i++) {
                long cpuBefore = server.cpuNanos();
                long[] burst = burst(server, client.arrivals(), scale);
                cpu += server.cpuNanos() - cpuBefore;
                events += burst[0];
                nanos += burst[1];
            }
            split.print("streams CPU per event", "µs", 1e3, cpu, events);
            Map<Figure, Double> figures = new EnumMap<>(Figure.class);
            figures.put(Figure.STREAM_EVENTS_PER_SECOND, events * 1e9 / nanos);
            figures.put(Figure.STREAM_CPU_PER_EVENT, cpu / 1e3 / events);
            return figures;
        } finally {
            client.close(connections);
        }
    }

    /**
     * Warms the server with bursts to its stream users until its JIT has settled
     * ({@link JitWarmup}); the fixed-rate workload warms the same way, since it runs the same
     * code at a rate that would take minutes to warm it.
     */
    static void warm(ServerProcess server, LoadClient client, Scale scale, String workload)
            throws Exception {
        System.err.println(JitWarmup.describe(server, workload, JitWarmup.warm(server,
                scale.warmupBursts(), scale.maxWarmupBursts(),
                () -> burst(server, client.arrivals(), scale))));
    }

    // One burst: the events received and the time from the burst's start to the last arrival.
    private static long[] burst(ServerProcess server, Arrivals arrivals, Scale scale)
            throws Exception {
        arrivals.reset();
        long expected = (long) scale.streamUsers() * scale.streamEvents();
        String[] span = server.command("BURST " + scale.streamUsers() + " " + scale.streamEvents(),
                Duration.ofSeconds(120));
        Workload.awaitEvents(arrivals, expected, Duration.ofSeconds(120), "stream events");
        return new long[] {arrivals.events(), arrivals.lastArrivalNanos() - Long.parseLong(span[0])};
    }
}
