package io.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.ManagerStats.InboundError;
import io.switchboard.core.replay.GapReason;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ManagerStats")
class ManagerStatsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    @DisplayName("is a value: built once, maps copied, equal to a snapshot of the same figures")
    void value() {
        Map<InboundError, Long> errors = new HashMap<>(Map.of(InboundError.TOO_LARGE, 2L));
        ManagerStats stats = ManagerStats.builder().takenAt(NOW).connections(4)
                .inboundErrors(errors).recoveryFailures(Map.of(GapReason.TOO_OLD, 1L)).build();
        errors.put(InboundError.OTHER, 5L);

        assertThat(stats.inboundErrors()).containsExactly(Map.entry(InboundError.TOO_LARGE, 2L));
        assertThat(stats.inboundErrors(InboundError.TOO_LARGE)).isEqualTo(2);
        assertThat(stats.inboundErrors(InboundError.OTHER)).isZero();
        assertThat(stats.recoveryFailures(GapReason.TOO_OLD)).isEqualTo(1);
        assertThat(stats.recoveryFailures(GapReason.BUSY)).isZero();
        ManagerStats same = ManagerStats.builder().takenAt(NOW).connections(4)
                .inboundErrors(Map.of(InboundError.TOO_LARGE, 2L))
                .recoveryFailures(Map.of(GapReason.TOO_OLD, 1L)).build();
        assertThat(same).isEqualTo(stats).hasSameHashCodeAs(stats).hasToString(stats.toString());
        assertThat(stats.toString()).contains("connections=4", "inboundErrors={TOO_LARGE=2}");
        assertThat(ManagerStats.builder().takenAt(NOW).connections(5).build()).isNotEqualTo(stats);
    }

    @Test
    @DisplayName("needs the time it was taken at")
    void takenAtIsRequired() {
        assertThatThrownBy(() -> ManagerStats.builder().build()).hasMessage("takenAt");
    }

    @Test
    @DisplayName("wire names of the keyed reasons are the lower-case codes clients see")
    void wireNames() {
        assertThat(InboundError.MALFORMED_JSON.wireName()).isEqualTo("malformed_json");
        assertThat(InboundError.OTHER.wireName()).isEqualTo("other");
    }
}
