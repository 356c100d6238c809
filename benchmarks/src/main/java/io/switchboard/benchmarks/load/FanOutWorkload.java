package io.switchboard.benchmarks.load;

import io.netty.channel.Channel;
import io.switchboard.benchmarks.load.client.Arrivals;
import io.switchboard.benchmarks.load.client.LoadClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One event to every connection: the time from the broadcast's call to the moment the last
 * connection had it, the median of many broadcasts. The raw Netty server measures both its
 * per-channel write and the batched floor (one task per event loop), alternately.
 *
 * <p>Measured once the JIT has settled ({@link JitWarmup}): warm-up rounds of
 * {@link Scale#warmupBroadcasts()} broadcasts each, at least {@value #MIN_WARMUP_ROUNDS}, at most
 * {@value #MAX_WARMUP_ROUNDS}. Each round first pings every connection, so that the servers' read
 * path is compiled too: a server with a heartbeat reads pongs while it is measured.
 */
final class FanOutWorkload implements Workload {

    static final int MIN_WARMUP_ROUNDS = 1;
    static final int MAX_WARMUP_ROUNDS = 20;

    private final Scale scale;

    FanOutWorkload(Scale scale) {
        this.scale = scale;
    }

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public Map<Figure, Double> run(ServerProcess server, LoadClient client) throws Exception {
        int count = scale.fanOutConnections();
        List<Channel> connections = client.open(server.port(), n -> "fan-" + n, count, 200, false,
                Workload.connectTimeout(count));
        try {
            boolean raw = server.kind() == ServerKind.RAW_NETTY;
            System.err.println(JitWarmup.describe(server, name(), JitWarmup.warm(server,
                    MIN_WARMUP_ROUNDS, MAX_WARMUP_ROUNDS, () -> {
                        client.ping(connections);
                        for (int i = 0; i < scale.warmupBroadcasts(); i++) {
                            broadcast(server, client.arrivals(), count, false);
                            if (raw) {
                                broadcast(server, client.arrivals(), count, true);
                            }
                        }
                    })));
            List<Double> perChannel = new ArrayList<>();
            List<Double> batched = new ArrayList<>();
            long[] cpu = new long[2];
            CpuSplit split = CpuSplit.start(server);
            for (int i = 0; i < scale.measuredBroadcasts(); i++) {
                perChannel.add(measured(server, client.arrivals(), count, false, cpu));
                if (raw) {
                    batched.add(measured(server, client.arrivals(), count, true, cpu));
                }
            }
            int broadcasts = scale.measuredBroadcasts();
            split.print("fan-out CPU per broadcast" + (raw ? " (both ways)" : ""), "ms", 1e6,
                    cpu[0] + cpu[1], raw ? 2L * broadcasts : broadcasts);
            System.err.println("load harness: " + server.kind().label() + " fan-out times (ms): "
                    + spread(perChannel) + (raw ? "; batched " + spread(batched) : ""));
            Map<Figure, Double> figures = new EnumMap<>(Figure.class);
            figures.put(Figure.FAN_OUT, median(perChannel));
            figures.put(Figure.FAN_OUT_CPU, cpu[0] / 1e6 / broadcasts);
            if (raw) {
                figures.put(Figure.FAN_OUT_BATCHED, median(batched));
                figures.put(Figure.FAN_OUT_BATCHED_CPU, cpu[1] / 1e6 / broadcasts);
            }
            return figures;
        } finally {
            client.close(connections);
        }
    }

    // One measured broadcast; its server CPU, from the command to the last arrival, is added to
    // cpu[0] (per channel) or cpu[1] (batched).
    private static double measured(ServerProcess server, Arrivals arrivals, int count,
            boolean batched, long[] cpu) throws Exception {
        long before = server.cpuNanos();
        double millis = broadcast(server, arrivals, count, batched);
        cpu[batched ? 1 : 0] += server.cpuNanos() - before;
        return millis;
    }

    private static double broadcast(ServerProcess server, Arrivals arrivals, int count,
            boolean batched) throws Exception {
        arrivals.reset();
        long stamp = Long.parseLong(server.command("BROADCAST " + (batched ? 1 : 0),
                Duration.ofSeconds(30))[0]);
        Workload.awaitEvents(arrivals, count, Duration.ofSeconds(30), "copies of a broadcast");
        return (arrivals.lastArrivalNanos() - stamp) / 1e6;
    }

    // Smallest, quartiles and largest: whether a median moved with all broadcasts or a few.
    private static String spread(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int last = sorted.size() - 1;
        return String.format(Locale.ROOT, "min %.2f, q1 %.2f, median %.2f, q3 %.2f, max %.2f",
                sorted.get(0), sorted.get(last / 4), median(sorted), sorted.get(last * 3 / 4),
                sorted.get(last));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
