package io.switchboard.benchmarks.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The harness's command line. Immutable.
 *
 * <pre>
 * --mode=full|quick|smoke        the workloads' size (default full: the table, 3 rounds)
 * --rounds=N                     interleaved rounds instead of the mode's
 * --servers=raw-netty,netty,...  which servers (default all; raw-netty is always added)
 * --workloads=streams,rate,...   which workloads (default all: streams, rate, idle, churn, fanout)
 * --emit=emitter|thread          how Switchboard sends stream events (default emitter)
 * --emitter-threads=N            threads that emit stream events in each server (default 2)
 * --client-threads=N             the load client's event loops (default 2)
 * --server-heap=SIZE             each server JVM's -Xms and -Xmx (default 1g)
 * --process-per=workload|server  a fresh server JVM per workload (default), or one per server
 *                                and round for all workloads (faster; heap figures then include
 *                                earlier workloads)
 * --logs=DIR                     where the servers' logs go (default target/load-logs)
 * --jfr=on                       each server JVM records a JFR profile next to its log
 *                                (for finding where the time goes; the figures then include
 *                                the recorder's cost)
 * --histogram=on                 the idle workload writes each server's class histogram (live
 *                                objects, after the measured GC) next to its log
 * </pre>
 *
 * @param mode the mode's name
 * @param scale the workloads' size
 * @param servers the servers, raw Netty first
 * @param workloads the workloads, in the order they run within a round
 * @param emitPath {@code emitter} or {@code thread}
 * @param emitterThreads emission threads per server
 * @param clientThreads the client's event loops
 * @param serverHeap each server's heap size
 * @param freshProcessPerWorkload whether each workload gets a fresh server JVM
 * @param logs where the servers' logs go
 * @param jfr whether each server records a JFR profile
 * @param histogram whether the idle workload writes each server's class histogram
 */
record HarnessOptions(String mode, Scale scale, List<ServerKind> servers, List<String> workloads,
        String emitPath, int emitterThreads, int clientThreads, String serverHeap,
        boolean freshProcessPerWorkload, Path logs, boolean jfr, boolean histogram) {

    /** Every workload, in the order they run. */
    static final List<String> WORKLOADS = List.of("streams", "rate", "idle", "churn", "fanout");

    /**
     * Parses the command line.
     *
     * @param args the arguments
     * @return the options
     * @throws IllegalArgumentException naming an unknown or invalid argument
     */
    static HarnessOptions parse(String... args) {
        String mode = "full";
        Integer rounds = null;
        List<ServerKind> servers = new ArrayList<>(Arrays.asList(ServerKind.values()));
        List<String> workloads = WORKLOADS;
        String emit = "emitter";
        int emitterThreads = 2;
        int clientThreads = 2;
        String heap = "1g";
        boolean fresh = true;
        Path logs = Path.of("target", "load-logs");
        boolean jfr = false;
        boolean histogram = false;
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
            }
            String name = arg.substring(2, equals);
            String value = arg.substring(equals + 1);
            switch (name) {
                case "mode" -> mode = value;
                case "rounds" -> rounds = positive(name, value);
                case "servers" -> servers = servers(value);
                case "workloads" -> workloads = workloads(value);
                case "emit" -> emit = oneOf(name, value, "emitter", "thread");
                case "emitter-threads" -> emitterThreads = positive(name, value);
                case "client-threads" -> clientThreads = positive(name, value);
                case "server-heap" -> heap = value;
                case "process-per" -> fresh = oneOf(name, value, "workload", "server").equals("workload");
                case "logs" -> logs = Path.of(value);
                case "jfr" -> jfr = oneOf(name, value, "on", "off").equals("on");
                case "histogram" -> histogram = oneOf(name, value, "on", "off").equals("on");
                default -> throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        Scale scale = switch (mode) {
            case "full" -> Scale.full();
            case "quick" -> Scale.quick();
            case "smoke" -> Scale.smoke();
            default -> throw new IllegalArgumentException("unknown mode '" + mode + "'");
        };
        if (rounds != null) {
            scale = scale.withRounds(rounds);
        }
        return new HarnessOptions(mode, scale, List.copyOf(servers), List.copyOf(workloads), emit,
                emitterThreads, clientThreads, heap, fresh, logs, jfr, histogram);
    }

    private static List<ServerKind> servers(String value) {
        List<ServerKind> servers = new ArrayList<>();
        // Every ratio is to raw Netty, so it always runs, first.
        servers.add(ServerKind.RAW_NETTY);
        for (String name : value.split(",")) {
            ServerKind kind = ServerKind.of(name.trim().toLowerCase(Locale.ROOT));
            if (!servers.contains(kind)) {
                servers.add(kind);
            }
        }
        return servers;
    }

    private static List<String> workloads(String value) {
        List<String> chosen = new ArrayList<>();
        for (String name : value.split(",")) {
            String workload = oneOf("workloads", name.trim(), WORKLOADS.toArray(String[]::new));
            if (!chosen.contains(workload)) {
                chosen.add(workload);
            }
        }
        return chosen;
    }

    private static int positive(String name, String value) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException("--" + name + " must be a positive integer, was '" + value + "'");
    }

    private static String oneOf(String name, String value, String... allowed) {
        if (Arrays.asList(allowed).contains(value)) {
            return value;
        }
        throw new IllegalArgumentException("--" + name + " must be one of "
                + String.join(", ", allowed) + ", was '" + value + "'");
    }
}
