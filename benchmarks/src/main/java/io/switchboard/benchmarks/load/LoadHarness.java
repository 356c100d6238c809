package io.switchboard.benchmarks.load;

import io.switchboard.benchmarks.load.client.LoadClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loopback load harness: starts each server (the raw Netty baseline, Switchboard on Netty,
 * Undertow and Jakarta/Tyrus, and a raw Tyrus floor) in a JVM of its own, drives it with its own
 * Netty load client, and prints every workload of the table as the median of interleaved rounds
 * and a ratio to raw Netty measured in the same run, with the machine's load average. See
 * {@link HarnessOptions} for the command line and the module's README for the figures.
 *
 * <p>Runs on one thread; not for concurrent use.
 */
public final class LoadHarness {

    private final HarnessOptions options;
    private final ProcessCpu cpu = ProcessCpu.create();
    private final Map<String, Workload> workloads = new LinkedHashMap<>();

    private LoadHarness(HarnessOptions options) {
        this.options = options;
        Scale scale = options.scale();
        for (Workload workload : List.of(new StreamsWorkload(scale), new FixedRateWorkload(scale),
                new IdleHeapWorkload(scale), new ChurnWorkload(scale), new FanOutWorkload(scale))) {
            workloads.put(workload.name(), workload);
        }
    }

    /**
     * Runs the harness and prints its report; exits with 1 if a run failed.
     *
     * @param args see {@link HarnessOptions}
     * @throws Exception if the harness itself cannot run
     */
    public static void main(String[] args) throws Exception {
        LoadReport report = run(args);
        System.out.print(report.render());
        if (!report.failures().isEmpty()) {
            System.exit(1);
        }
    }

    /**
     * Runs every round and returns what was measured; the report is also written to
     * {@code report.txt} in the log directory.
     *
     * @param args see {@link HarnessOptions}
     * @return the report
     * @throws IOException if the log directory cannot be written
     * @throws InterruptedException if interrupted
     */
    public static LoadReport run(String... args) throws IOException, InterruptedException {
        HarnessOptions options = HarnessOptions.parse(args);
        Files.createDirectories(options.logs());
        LoadReport report = new LoadHarness(options).runRounds();
        Files.writeString(options.logs().resolve("report.txt"), report.render());
        return report;
    }

    private LoadReport runRounds() throws InterruptedException {
        LoadReport report = new LoadReport(options);
        List<ServerKind> servers = options.servers();
        try (LoadClient client = new LoadClient(options.clientThreads())) {
            for (int round = 1; round <= options.scale().rounds(); round++) {
                report.load("before round " + round);
                Map<ServerKind, ServerProcess> shared = new EnumMap<>(ServerKind.class);
                try {
                    for (String name : options.workloads()) {
                        // The servers take turns, starting one further each round.
                        for (int i = 0; i < servers.size(); i++) {
                            ServerKind server = servers.get((i + round - 1) % servers.size());
                            runOne(report, client, workloads.get(name), server, round, shared);
                        }
                    }
                } finally {
                    shared.values().forEach(ServerProcess::close);
                }
                report.load("after round " + round);
            }
        }
        return report;
    }

    private void runOne(LoadReport report, LoadClient client, Workload workload, ServerKind server,
            int round, Map<ServerKind, ServerProcess> shared) throws InterruptedException {
        String what = workload.name() + " on " + server.label() + ", round " + round;
        System.err.println("load harness: " + what + " (load " + MachineLoad.now() + ")");
        ServerProcess process = null;
        try {
            process = options.freshProcessPerWorkload() ? start(server, workload.name(), round)
                    : shared.computeIfAbsent(server, kind -> startUnchecked(kind, "all", round));
            report.record(server, workload.run(process, client));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            report.failed(what + ": " + e);
        } finally {
            if (process != null && options.freshProcessPerWorkload()) {
                process.close();
            }
        }
    }

    private ServerProcess start(ServerKind server, String workload, int round) throws IOException {
        Path log = options.logs().resolve(server.argument() + "-" + workload + "-" + round + ".log");
        return ServerProcess.start(server, options, log, cpu);
    }

    private ServerProcess startUnchecked(ServerKind server, String workload, int round) {
        try {
            return start(server, workload, round);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
