package io.switchboard.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, as {@code /proc/loadavg} gives it, for the report. */
final class MachineLoad {

    private MachineLoad() {
    }

    /**
     * The 1, 5 and 15 minute load averages.
     *
     * @return for example {@code "1.26 0.84 0.37"}, or {@code "unknown"}
     */
    static String now() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }
}
