package io.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Manager configuration")
class ManagerConfigTest {

    @Test
    @DisplayName("defaults are the documented legacy values")
    void defaults() {
        ManagerConfig config = ManagerConfig.defaults();
        assertThat(config.maxConnectionsPerUser()).isEqualTo(3);
        assertThat(config.maxConnections()).isEqualTo(100);
        assertThat(config.runAssociationTtl()).isEqualTo(Duration.ofSeconds(180));
        assertThat(config.maxRunAssociations()).isEqualTo(500);
        assertThat(config.staleAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.staleSweepInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxQueuedFrames()).isEqualTo(1024);
        assertThat(config.maxQueuedBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(config.maxInboundChars()).isEqualTo(65536);
        assertThat(config.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("an invalid value fails at build time, naming the setting and the value")
    void invalidValuesFailAtBuildTime() {
        assertThatThrownBy(() -> ManagerConfig.builder().maxConnectionsPerUser(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConnectionsPerUser must be positive, was 0");
        assertThatThrownBy(() -> ManagerConfig.builder().maxConnections(-5).build())
                .hasMessage("maxConnections must be positive, was -5");
        assertThatThrownBy(() -> ManagerConfig.builder().maxConnectionsPerUser(4).maxConnections(3).build())
                .hasMessageContaining("maxConnectionsPerUser (4) must not exceed maxConnections (3)");
        assertThatThrownBy(() -> ManagerConfig.builder().staleAfter(Duration.ZERO).build())
                .hasMessage("staleAfter must be positive, was PT0S");
        assertThatThrownBy(() -> ManagerConfig.builder().staleSweepInterval(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("staleSweepInterval must not be negative");
        assertThatThrownBy(() -> ManagerConfig.builder().maxQueuedBytes(0).build())
                .hasMessage("maxQueuedBytes must be positive, was 0");
    }

    @Test
    @DisplayName("a zero sweep interval is allowed: it turns the built-in sweeper off")
    void zeroSweepIntervalTurnsTheSweeperOff() {
        assertThat(ManagerConfig.builder().staleSweepInterval(Duration.ZERO).build()
                .staleSweepInterval()).isZero();
    }
}
