package io.switchboard.benchmarks.load.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ArrivalsTest {

    @Test
    @DisplayName("an event slower than 1 ms counts in the slice it arrived in, a faster one nowhere")
    void countsOnlySlowEventsInTheSliceTheyArrivedIn() {
        Arrivals arrivals = new Arrivals();
        arrivals.reset();
        long base = System.nanoTime();
        // Arrived in the third slice after the reset, 2 ms late; and one on time beside it.
        long arrival = base + 2 * Arrivals.SLICE_NANOS + Arrivals.SLICE_NANOS / 2;
        arrivals.record(arrival - 2 * Arrivals.SLOW_NANOS, arrival);
        arrivals.record(arrival - Arrivals.SLOW_NANOS / 2, arrival);

        long[] slices = arrivals.slowBySlice();

        assertThat(slices[2]).isEqualTo(1);
        assertThat(Arrays.stream(slices).sum()).isEqualTo(1);
        assertThat(arrivals.events()).isEqualTo(2);
    }

    @Test
    @DisplayName("a reset forgets the slow events")
    void resetForgetsTheSlowEvents() {
        Arrivals arrivals = new Arrivals();
        long now = System.nanoTime();
        arrivals.record(now - 5 * Arrivals.SLOW_NANOS, now);

        arrivals.reset();

        assertThat(arrivals.slowBySlice()).containsOnly(0L);
    }
}
