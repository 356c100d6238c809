package io.switchboard.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    @DisplayName("page faults are read from their own fields, past a command name with spaces")
    void faultsPastACommandNameWithSpaces() {
        // pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt ...
        String stat = "4242 (C2 Compiler) Thread) S 1 4242 4242 0 -1 4194560 1234 99 56 7 300 40";

        ProcessCpu.PageFaults faults = ProcessCpu.faults(stat);

        assertThat(faults).isEqualTo(new ProcessCpu.PageFaults(1234, 56));
    }

    @Test
    @DisplayName("this process's faults can be read and only grow")
    void ownFaultsGrow() throws Exception {
        ProcessCpu cpu = ProcessCpu.create();
        long pid = ProcessHandle.current().pid();

        ProcessCpu.PageFaults before = cpu.faults(pid);
        ProcessCpu.PageFaults after = cpu.faults(pid);

        assertThat(before.minor()).isPositive();
        assertThat(after.minor()).isGreaterThanOrEqualTo(before.minor());
        assertThat(after.major()).isGreaterThanOrEqualTo(before.major());
    }
}
