package io.switchboard.benchmarks.load;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What a harness run measured: every figure of every server in every round, the load average
 * around each round, and the runs that failed; and the table that reads them as medians of the
 * rounds and ratios to raw Netty. Not thread-safe: the harness's one thread fills it.
 */
public final class LoadReport {

    private final HarnessOptions options;
    private final Map<ServerKind, Map<Figure, List<Double>>> values = new LinkedHashMap<>();
    private final List<String> loads = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    LoadReport(HarnessOptions options) {
        this.options = options;
        for (ServerKind server : options.servers()) {
            values.put(server, new EnumMap<>(Figure.class));
        }
    }

    void record(ServerKind server, Map<Figure, Double> figures) {
        figures.forEach((figure, value) ->
                values.get(server).computeIfAbsent(figure, f -> new ArrayList<>()).add(value));
    }

    void load(String when) {
        loads.add(when + ": " + MachineLoad.now());
    }

    void failed(String what) {
        failures.add(what);
    }

    /**
     * The runs that failed, each with its cause.
     *
     * @return empty when every run produced its figures
     */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /**
     * The figures a server produced in each round.
     *
     * @param server the server
     * @param figure the figure
     * @return the values, in round order; empty if none
     */
    public List<Double> values(ServerKind server, Figure figure) {
        return List.copyOf(values.getOrDefault(server, Map.of()).getOrDefault(figure, List.of()));
    }

    /**
     * The median of the rounds.
     *
     * @param server the server
     * @param figure the figure
     * @return the median, or empty if the server has no such figure
     */
    public OptionalDouble median(ServerKind server, Figure figure) {
        List<Double> all = values(server, figure);
        return all.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(FanOutWorkload.median(all));
    }

    /**
     * The servers the run measured.
     *
     * @return raw Netty first
     */
    public List<ServerKind> servers() {
        return options.servers();
    }

    /**
     * The figures a server must produce for the workloads that ran: every figure of each
     * workload; the batched fan-out floor only for raw Netty.
     *
     * @param server the server
     * @return the figures
     */
    public List<Figure> expectedFigures(ServerKind server) {
        List<Figure> expected = new ArrayList<>();
        for (String workload : options.workloads()) {
            switch (workload) {
                case "streams" -> expected.addAll(List.of(Figure.STREAM_EVENTS_PER_SECOND,
                        Figure.STREAM_CPU_PER_EVENT));
                case "rate" -> expected.addAll(List.of(Figure.RATE_P50, Figure.RATE_P99,
                        Figure.RATE_CPU_PER_EVENT));
                case "idle" -> expected.add(Figure.IDLE_HEAP_PER_CONNECTION);
                case "churn" -> expected.addAll(List.of(Figure.CHURN_HEAP, Figure.CHURN_PER_SECOND));
                default -> {
                    expected.addAll(List.of(Figure.FAN_OUT, Figure.FAN_OUT_CPU));
                    if (server == ServerKind.RAW_NETTY) {
                        expected.addAll(List.of(Figure.FAN_OUT_BATCHED, Figure.FAN_OUT_BATCHED_CPU));
                    }
                }
            }
        }
        return expected;
    }

    /**
     * The report: medians, ratios to raw Netty (fan-out: to the batched floor), Jakarta against
     * raw Tyrus, every round's values, the load averages and any failure.
     *
     * @return the text
     */
    public String render() {
        StringBuilder out = new StringBuilder();
        Scale scale = options.scale();
        out.append(String.format(Locale.ROOT, "Switchboard load harness: mode %s, %d round(s), %d cores,"
                        + " emit path %s, %d emitter thread(s), server heap %s, %s%n",
                options.mode(), scale.rounds(), Runtime.getRuntime().availableProcessors(),
                options.emitPath(), options.emitterThreads(), options.serverHeap(),
                options.freshProcessPerWorkload() ? "a fresh server JVM per workload"
                        : "one server JVM per server and round (heap figures include earlier workloads)"));
        out.append(String.format(Locale.ROOT, "streams %,d users x %,d events; fixed rate %,d/s for %s;"
                        + " idle %,d connections; churn %s, %d in flight; fan-out to %,d connections%n",
                scale.streamUsers(), scale.streamEvents(), scale.ratePerSecond(),
                scale.rateMeasured(), scale.idleConnections(), scale.churnDuration(),
                scale.churnInFlight(), scale.fanOutConnections()));
        out.append("median of the rounds; in parentheses the ratio to raw Netty of the same run"
                + " (fan-out: to the batched raw floor)\n\n");
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("workload"));
        options.servers().forEach(server -> header.add(server.label()));
        header.add("goal (Netty)");
        rows.add(header);
        for (Figure figure : Figure.values()) {
            if (options.servers().stream().noneMatch(s -> median(s, figure).isPresent())) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(figure.label()));
            for (ServerKind server : options.servers()) {
                row.add(cell(server, figure, ServerKind.RAW_NETTY));
            }
            row.add(figure.goal());
            rows.add(row);
        }
        table(out, rows);
        floor(out, ServerKind.JAKARTA, ServerKind.RAW_TYRUS, "raw Tyrus (same container");
        floor(out, ServerKind.UNDERTOW, ServerKind.RAW_UNDERTOW, "raw Undertow (same server");
        out.append("\nevery round:\n");
        for (ServerKind server : options.servers()) {
            for (Figure figure : Figure.values()) {
                List<Double> all = values(server, figure);
                if (!all.isEmpty()) {
                    List<String> formatted = new ArrayList<>();
                    all.forEach(value -> formatted.add(figure.format(value)));
                    out.append("  ").append(server.label()).append(" / ").append(figure.label())
                            .append(": ").append(String.join(", ", formatted)).append('\n');
                }
            }
        }
        out.append("\nload average (1, 5, 15 min):\n");
        loads.forEach(load -> out.append("  ").append(load).append('\n'));
        if (!failures.isEmpty()) {
            out.append("\nFAILED runs:\n");
            failures.forEach(failure -> out.append("  ").append(failure).append('\n'));
        }
        return out.toString();
    }

    private String cell(ServerKind server, Figure figure, ServerKind baseline) {
        OptionalDouble value = median(server, figure);
        if (value.isEmpty()) {
            return "";
        }
        String text = figure.format(value.getAsDouble());
        if (server == baseline) {
            return text;
        }
        Figure base = switch (figure) {
            case FAN_OUT -> Figure.FAN_OUT_BATCHED;
            case FAN_OUT_CPU -> Figure.FAN_OUT_BATCHED_CPU;
            default -> figure;
        };
        return text + ratio(server, figure, baseline, base).stream()
                .mapToObj(r -> " (" + times(r) + ")").findFirst().orElse("");
    }

    // An adapter against the bare server it runs on, when both ran.
    private void floor(StringBuilder out, ServerKind adapter, ServerKind bare, String what) {
        if (!options.servers().contains(adapter) || !options.servers().contains(bare)) {
            return;
        }
        out.append('\n').append(adapter.label()).append(" against ").append(what)
                .append(", same run): ");
        List<String> ratios = new ArrayList<>();
        for (Figure figure : Figure.values()) {
            OptionalDouble ratio = ratio(adapter, figure, bare, figure);
            ratio.ifPresent(r -> ratios.add(figure.label() + " " + times(r)));
        }
        out.append(String.join("; ", ratios)).append('\n');
    }

    private OptionalDouble ratio(ServerKind server, Figure figure, ServerKind baseline, Figure base) {
        OptionalDouble value = median(server, figure);
        OptionalDouble reference = median(baseline, base);
        if (value.isEmpty() || reference.isEmpty() || reference.getAsDouble() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(value.getAsDouble() / reference.getAsDouble());
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    private static void table(StringBuilder out, List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder("|");
            for (int c = 0; c < columns; c++) {
                String cell = rows.get(r).get(c);
                line.append(' ').append(cell).append(" ".repeat(widths[c] - cell.length())).append(" |");
            }
            out.append(line).append('\n');
            if (r == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int c = 0; c < columns; c++) {
                    rule.append("-".repeat(widths[c] + 2)).append('|');
                }
                out.append(rule).append('\n');
            }
        }
    }
}
