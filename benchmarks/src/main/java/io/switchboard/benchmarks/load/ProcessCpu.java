package io.switchboard.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name, in parentheses, may hold spaces: fields are counted after it.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // Fields 14 (utime) and 15 (stime) of proc(5); the slice starts at field 3.
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * nanosPerTick;
    }
}
