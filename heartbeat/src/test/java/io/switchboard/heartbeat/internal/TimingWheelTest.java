package io.switchboard.heartbeat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Timing wheel")
class TimingWheelTest {

    private static final long TICK = 10;

    @Test
    @DisplayName("due values come out in time order; a cancelled one never does and leaves the wheel at once")
    void cancelledValuesLeaveAtOnce() {
        TimingWheel<String> wheel = new TimingWheel<>(TICK, 1_000, 0);
        wheel.schedule("late", 300);
        TimingWheel.Timeout<String> cancelled = wheel.schedule("cancelled", 200);
        wheel.schedule("early", 100);
        wheel.schedule("same slot", 200);

        assertThat(wheel.cancel(cancelled)).isTrue();
        assertThat(wheel.size()).isEqualTo(3);
        assertThat(wheel.cancel(cancelled)).as("a second cancel").isFalse();

        assertThat(wheel.advance(250)).containsExactly("early", "same slot");
        assertThat(wheel.advance(1_000)).containsExactly("late");
        assertThat(wheel.size()).isZero();
    }

    @Test
    @DisplayName("a value that came due cannot be cancelled; a delay beyond the span is clamped to it")
    void dueValuesAndLaterRounds() {
        TimingWheel<String> wheel = new TimingWheel<>(TICK, 100, 0);
        TimingWheel.Timeout<String> first = wheel.schedule("first", 50);
        assertThat(wheel.advance(70)).containsExactly("first");
        assertThat(wheel.cancel(first)).isFalse();

        // Beyond the span: clamped to the end of the span, and not due before it.
        wheel.schedule("clamped", 10_000);
        assertThat(wheel.advance(100)).isEmpty();
        assertThat(wheel.advance(200)).containsExactly("clamped");
    }
}
