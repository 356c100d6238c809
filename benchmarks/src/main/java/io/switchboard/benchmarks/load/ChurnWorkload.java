package io.switchboard.benchmarks.load;

import io.switchboard.benchmarks.load.client.LoadClient;
import java.util.EnumMap;
import java.util.Map;

/**
 * Churn: connect, wait for the welcome, close, with a fixed number of cycles in flight, each as a
 * new user, for a fixed time; then the heap after GC at once, which shows whatever the server
 * still holds of the connections that closed.
 */
final class ChurnWorkload implements Workload {

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
        LoadClient.Churn churn = client.churn(server.port(), "churn-", scale.churnInFlight(),
                scale.churnDuration());
        if (churn.cycles() == 0 || churn.failures() > churn.cycles() / 100) {
            throw new IllegalStateException(server.kind().label() + ": " + churn.failures()
                    + " of " + (churn.cycles() + churn.failures()) + " churn cycles failed");
        }
        long heap = server.heapAfterGc();
        Map<Figure, Double> figures = new EnumMap<>(Figure.class);
        figures.put(Figure.CHURN_PER_SECOND, churn.cycles() * 1e9 / churn.nanos());
        figures.put(Figure.CHURN_HEAP, heap / 1024.0 / 1024.0);
        return figures;
    }
}
