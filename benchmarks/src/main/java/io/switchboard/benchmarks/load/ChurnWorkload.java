package io.switchboard.benchmarks.load;

import io.switchboard.benchmarks.load.client.LoadClient;
import java.util.EnumMap;
import java.util.Map;

/**
 * Churn: connect, wait for the welcome, close, with a fixed number of cycles in flight, each as a
 * new user, for a fixed time; then the heap after GC at once, which shows whatever the server
 * still holds of the connections that closed.
 *
 * <p>Measured once the JIT has settled ({@link JitWarmup}): warm-up rounds of
 * {@link Scale#churnWarmup()} each, at least {@value #MIN_WARMUP_ROUNDS}, at most
 * {@value #MAX_WARMUP_ROUNDS}. Measured from a cold server JVM instead, the figure is mostly the
 * compile time of the server's handshake and close paths, which grows with the size of its code
 * rather than with what a connection costs once the server runs.
 */
final class ChurnWorkload implements Workload {

    static final int MIN_WARMUP_ROUNDS = 3;
    static final int MAX_WARMUP_ROUNDS = 15;

    private final Scale scale;

    ChurnWorkload(Scale scale) {
        this.scale = scale;
    }

    @Override
    public String name() {
        return "churn";
    }

    @Override
    public Map<Figure, Double> run(ServerProcess server, LoadClient client) throws Exception {
        if (!scale.churnWarmup().isZero()) {
            // Each round's users are new ones, as the measured cycles' are.
            int[] round = {0};
            System.err.println(JitWarmup.describe(server, name(), JitWarmup.warm(server,
                    MIN_WARMUP_ROUNDS, MAX_WARMUP_ROUNDS, () -> checked(server, client.churn(
                            server.port(), "warm-" + ++round[0] + "-", scale.churnInFlight(),
                            scale.churnWarmup())))));
        }
        LoadClient.Churn churn = checked(server, client.churn(server.port(), "churn-",
                scale.churnInFlight(), scale.churnDuration()));
        long heap = server.heapAfterGc();
        Map<Figure, Double> figures = new EnumMap<>(Figure.class);
        figures.put(Figure.CHURN_PER_SECOND, churn.cycles() * 1e9 / churn.nanos());
        figures.put(Figure.CHURN_HEAP, heap / 1024.0 / 1024.0);
        return figures;
    }

    private static LoadClient.Churn checked(ServerProcess server, LoadClient.Churn churn) {
        if (churn.cycles() == 0 || churn.failures() > churn.cycles() / 100) {
            throw new IllegalStateException(server.kind().label() + ": " + churn.failures()
                    + " of " + (churn.cycles() + churn.failures()) + " churn cycles failed");
        }
        return churn;
    }
}
