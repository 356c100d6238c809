package io.switchboard.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A process's CPU time, user plus system, from {@code /proc/<pid>/stat} (Linux), as the kernel
 * counts it for every thread of the process: what the process cost the machine, whoever measures.
 */
final class ProcessCpu {

    private final long nanosPerTick;

    private ProcessCpu(long ticksPerSecond) {
        this.nanosPerTick = 1_000_000_000L / ticksPerSecond;
    }

    /** Reads the clock tick once ({@code getconf CLK_TCK}; 100 where it cannot be asked). */
    static ProcessCpu create() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            if (getconf.waitFor() == 0) {
                return new ProcessCpu(Long.parseLong(out));
            }
        } catch (IOException | NumberFormatException e) {
            // Fall through to the Linux default.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new ProcessCpu(100);
    }

    /**
     * CPU time so far of process {@code pid}.
     *
     * @param pid the process
     * @return user + system time, in nanoseconds (resolution: one clock tick)
     * @throws IOException if the process's stat file cannot be read
     */
    long nanos(long pid) throws IOException {
        return ticks(stat(pid)) * nanosPerTick;
    }

    /**
     * CPU time so far of each thread of process {@code pid}, summed by the name the kernel knows
     * it by (the JVM's own threads included: {@code G1 Refine#0}, {@code C2 CompilerThre}; at most
     * 15 characters), digits dropped. Threads that end between listing and reading are skipped.
     *
     * @param pid the process
     * @return user + system time by name, in nanoseconds
     * @throws IOException if the process's threads cannot be listed
     */
    Map<String, Long> threadNanos(long pid) throws IOException {
        Map<String, Long> byName = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (NoSuchFileException ended) {
                    return;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                        .replaceAll("[0-9]+", "#");
                byName.merge(name, ticks(stat) * nanosPerTick, Long::sum);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return byName;
    }

    /**
     * Page faults so far of process {@code pid}, minor and major: a fault is the kernel giving the
     * process a page it touched for the first time (or bringing one back), work its CPU time
     * counts but that no Java profile shows.
     *
     * @param pid the process
     * @return the faults so far
     * @throws IOException if the process's stat file cannot be read
     */
    PageFaults faults(long pid) throws IOException {
        return faults(stat(pid));
    }

    // Fields 10 (minflt) and 12 (majflt) of proc(5), from a stat line.
    static PageFaults faults(String stat) {
        String[] fields = fields(stat);
        return new PageFaults(Long.parseLong(fields[7]), Long.parseLong(fields[9]));
    }

    /** A process's page faults: minor (no disk read) and major. */
    record PageFaults(long minor, long major) {
    }

    private static String stat(long pid) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    }

    // User + system ticks from a stat line. The command name, in parentheses, may hold spaces:
    // fields are counted after it; fields 14 (utime) and 15 (stime) of proc(5), the slice
    // starting at field 3.
    private static long ticks(String stat) {
        String[] fields = fields(stat);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    // A stat line's fields from field 3 on: the command name, in parentheses, may hold spaces.
    private static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
}
