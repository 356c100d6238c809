package io.switchboard.benchmarks.load;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Where a measured stretch's server CPU went, by thread, per unit of work: a diagnostic printed to
 * the harness's log, not a figure, in two views: the Java threads the server reports (with its
 * collector pauses and compile time), and every thread as the kernel counts it; and the page
 * faults the process took over it. Read the server's threads before the stretch
 * ({@link #start}), then print once it is over ({@link #print}).
 */
final class CpuSplit {

    private final ServerProcess server;
    private final Map<String, Long> before;
    private final Map<String, Long> kernelBefore;
    private final ProcessCpu.PageFaults faultsBefore;

    private CpuSplit(ServerProcess server, Map<String, Long> before, Map<String, Long> kernelBefore,
            ProcessCpu.PageFaults faultsBefore) {
        this.server = server;
        this.before = before;
        this.kernelBefore = kernelBefore;
        this.faultsBefore = faultsBefore;
    }

    /** Reads the server's threads' CPU now, as the stretch's start. */
    static CpuSplit start(ServerProcess server) throws IOException {
        return new CpuSplit(server, server.threadCpuNanos(), server.kernelThreadCpuNanos(),
                server.pageFaults());
    }

    /**
     * Prints the CPU each thread (digits dropped from names) spent since {@link #start}, per unit,
     * for threads that took at least 1 % of {@code processCpu}, and what the JVM's own threads
     * took: the process's CPU less every Java thread's.
     *
     * @param what what was measured, for example {@code "streams CPU per event"}
     * @param unit the unit of the values, for example {@code "µs"}
     * @param scale nanoseconds per unit
     * @param processCpu the process's CPU over the stretch, in nanoseconds
     * @param units how many units of work the stretch did
     */
    void print(String what, String unit, double scale, long processCpu, long units)
            throws IOException {
        ProcessCpu.PageFaults faultsAfter = server.pageFaults();
        Map<String, Long> kernelAfter = server.kernelThreadCpuNanos();
        Map<String, Long> after = server.threadCpuNanos();
        StringBuilder split = new StringBuilder();
        long javaThreads = 0;
        for (Map.Entry<String, Long> thread : after.entrySet()) {
            long spent = thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
            if (thread.getKey().startsWith("(")) {
                // Wall time the JVM reports (collector pauses, compilation), not a thread's CPU.
                split.append(String.format(Locale.ROOT, "%s %.2f, ", thread.getKey(),
                        spent / scale / units));
                continue;
            }
            javaThreads += spent;
            if (spent * 100 >= processCpu) {
                split.append(String.format(Locale.ROOT, "%s %.2f, ", thread.getKey(),
                        spent / scale / units));
            }
        }
        split.append(String.format(Locale.ROOT, "JVM's own threads (GC, JIT) %.2f",
                (processCpu - javaThreads) / scale / units));
        System.err.println("load harness: " + server.kind().label() + " " + what + " by thread ("
                + unit + "): " + split);
        // The same stretch as the kernel saw it: the JVM's own threads by name (G1's refinement,
        // its collectors, the compilers), which the Java view can only sum.
        StringBuilder kernel = new StringBuilder();
        for (Map.Entry<String, Long> thread : kernelAfter.entrySet()) {
            long spent = thread.getValue() - kernelBefore.getOrDefault(thread.getKey(), 0L);
            if (spent * 100 >= processCpu) {
                kernel.append(String.format(Locale.ROOT, "%s%s %.2f", kernel.isEmpty() ? "" : ", ",
                        thread.getKey(), spent / scale / units));
            }
        }
        System.err.println("load harness: " + server.kind().label() + " " + what
                + " by kernel thread (" + unit + "): " + kernel);
        // Pages touched for the first time cost kernel time on the touching thread: a fresh
        // heap, or one that grew, shows here.
        System.err.println(String.format(Locale.ROOT,
                "load harness: %s %s, page faults per unit: %.1f minor, %.1f major",
                server.kind().label(), what, (faultsAfter.minor() - faultsBefore.minor()) / (double) units,
                (faultsAfter.major() - faultsBefore.major()) / (double) units));
    }
}
