package io.switchboard.benchmarks.load;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * Warms a server until its JIT compiler has settled, the same way for every server: a fixed
 * number of warm-up rounds, then more until the compiler spent less than {@link #SETTLED_SHARE}
 * of the time of {@link #SETTLED_ROUNDS} rounds in a row compiling, up to a maximum. On two cores a
 * compiler still at work takes its CPU from the server under test (C2 alone takes one core), so a
 * figure measured before it settles measures the warm-up of the larger code base rather than its
 * steady state. The compile time is each JVM's own count ({@code CompilationMXBean}), the
 * server's and the harness's: the load client runs in the harness, and its compiler takes CPU from
 * the same two cores. Both must be idle for a round to count.
 */
final class JitWarmup {

    /** The share of a round's wall time below which the compiler counts as idle in it. */
    static final double SETTLED_SHARE = 0.05;

    /** How many idle rounds in a row count as settled: compilation comes in waves. */
    static final int SETTLED_ROUNDS = 3;

    /** One warm-up round of a workload. */
    interface Round {
        void run() throws Exception;
    }

    /** What warming took. */
    record Result(int rounds, boolean settled) {
    }

    private JitWarmup() {
    }

    /**
     * Runs {@code minimum} rounds, then more until {@link #SETTLED_ROUNDS} rounds in a row kept
     * the compiler under {@link #SETTLED_SHARE} of their wall time, at most {@code maximum} in all.
     */
    static Result warm(ServerProcess server, int minimum, int maximum, Round round)
            throws Exception {
        int rounds = 0;
        int idleInARow = 0;
        while (rounds < maximum) {
            long compiledBefore = server.compileNanos();
            long clientCompiledBefore = clientCompileNanos();
            long start = System.nanoTime();
            round.run();
            long wall = System.nanoTime() - start;
            rounds++;
            long compiled = server.compileNanos() - compiledBefore;
            long clientCompiled = clientCompileNanos() - clientCompiledBefore;
            boolean idle = compiled < SETTLED_SHARE * wall && clientCompiled < SETTLED_SHARE * wall;
            idleInARow = idle ? idleInARow + 1 : 0;
            if (rounds >= minimum && idleInARow >= SETTLED_ROUNDS) {
                return new Result(rounds, true);
            }
        }
        return new Result(rounds, false);
    }

    // The harness's own compile time: the load client's code, compiled in this JVM.
    private static long clientCompileNanos() {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        return compiler == null ? 0 : TimeUnit.MILLISECONDS.toNanos(compiler.getTotalCompilationTime());
    }

    /** A line for the harness's log. */
    static String describe(ServerProcess server, String workload, Result result) {
        if (result.rounds() == 0) {
            return "load harness: " + server.kind().label() + " " + workload + " not warmed";
        }
        return "load harness: " + server.kind().label() + " " + workload + " warmed with "
                + result.rounds() + " round(s)" + (result.settled() ? ", JIT settled"
                        : ", JIT still compiling (maximum reached)");
    }
}
