package io.switchboard.heartbeat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Timing wheel")
class TimingWheelTest {

    private static final long TICK = 10;

    /** A named entry. */
    private static final class Named extends TimingWheel.Entry {
        private final String name;

        Named(String name) {
            this.name = name;
        }
    }

    private static List<String> names(List<Named> due) {
        return due.stream().map(named -> named.name).toList();
    }

    @Test
    @DisplayName("due values come out in time order; a cancelled one never does and leaves the wheel at once")
    void cancelledValuesLeaveAtOnce() {
        TimingWheel<Named> wheel = new TimingWheel<>(TICK, 1_000, 0);
        wheel.schedule(new Named("late"), 300);
        Named cancelled = new Named("cancelled");
        wheel.schedule(cancelled, 200);
        wheel.schedule(new Named("early"), 100);
        wheel.schedule(new Named("same slot"), 200);

        assertThat(wheel.cancel(cancelled)).isTrue();
        assertThat(cancelled.isScheduled()).isFalse();
        assertThat(wheel.size()).isEqualTo(3);
        assertThat(wheel.cancel(cancelled)).as("a second cancel").isFalse();

        assertThat(names(wheel.advance(250))).containsExactly("early", "same slot");
        assertThat(names(wheel.advance(1_000))).containsExactly("late");
        assertThat(wheel.size()).isZero();
    }

    @Test
    @DisplayName("a value that came due cannot be cancelled; a delay beyond the span is clamped to it")
    void dueValuesAndLaterRounds() {
        TimingWheel<Named> wheel = new TimingWheel<>(TICK, 100, 0);
        Named first = new Named("first");
        wheel.schedule(first, 50);
        assertThat(names(wheel.advance(70))).containsExactly("first");
        assertThat(wheel.cancel(first)).isFalse();

        // Beyond the span: clamped to the end of the span, and not due before it.
        wheel.schedule(new Named("clamped"), 10_000);
        assertThat(wheel.advance(100)).isEmpty();
        assertThat(names(wheel.advance(200))).containsExactly("clamped");
    }

    @Test
    @DisplayName("an entry is in the wheel at most once; once due it can be scheduled again")
    void scheduledOnce() {
        TimingWheel<Named> wheel = new TimingWheel<>(TICK, 1_000, 0);
        Named entry = new Named("entry");
        wheel.schedule(entry, 100);
        assertThatThrownBy(() -> wheel.schedule(entry, 200)).isInstanceOf(IllegalStateException.class);
        assertThat(names(wheel.advance(150))).containsExactly("entry");
        wheel.schedule(entry, 300);
        assertThat(wheel.size()).isEqualTo(1);
        assertThat(names(wheel.advance(400))).containsExactly("entry");
    }
}
