package io.switchboard.benchmarks.load;

import io.switchboard.benchmarks.load.client.Arrivals;
import io.switchboard.benchmarks.load.client.LoadClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** One workload of the table, run against one server at a time. */
interface Workload {

    /**
     * The workload's name on the command line.
     *
     * @return for example {@code streams}
     */
    String name();

    /**
     * Runs the workload once against {@code server}, with warm-up, and leaves no connection of
     * its own open.
     *
     * @param server the server, started and listening
     * @param client the load client
     * @return the figures measured
     * @throws Exception if the server or the client fails
     */
    Map<Figure, Double> run(ServerProcess server, LoadClient client) throws Exception;

    /**
     * Polls {@code condition} until it holds.
     *
     * @throws TimeoutException naming {@code what} if it does not within {@code within}
     */
    static void await(String what, Duration within, BooleanSupplier condition)
            throws TimeoutException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("not within " + within + ": " + what);
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /**
     * Waits until {@code expected} events have arrived since the last reset.
     *
     * @throws IllegalStateException at once if the server closes a connection meanwhile (its
     *     remaining events can never arrive)
     * @throws TimeoutException if they do not arrive within {@code within}
     */
    static void awaitEvents(Arrivals arrivals, long expected, Duration within, String what)
            throws TimeoutException {
        long droppedBefore = arrivals.droppedConnections();
        await(expected + " " + what + " to reach the clients (" + arrivals.events() + " did)", within,
                () -> {
                    long dropped = arrivals.droppedConnections() - droppedBefore;
                    if (dropped > 0) {
                        throw new IllegalStateException("the server closed " + dropped
                                + " connection(s) while " + expected + " " + what
                                + " were on their way (" + arrivals.events() + " arrived)");
                    }
                    return arrivals.events() >= expected;
                });
    }

    /** How long a connection phase may take: generous, the machine is shared. */
    static Duration connectTimeout(int connections) {
        return Duration.ofSeconds(30 + connections / 100);
    }
}
