package io.switchboard.core;

import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.core.testing.ManualTicker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.UnaryOperator;

/** Builds managers for tests: manual time, no sweeper thread unless asked, fixed wall clock. */
final class ManagerHarness {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    final ManualTicker ticker;
    final WebSocketManager manager;

    ManagerHarness() {
        this(config -> config, builder -> builder);
    }

    ManagerHarness(UnaryOperator<ManagerConfig.Builder> config,
            UnaryOperator<WebSocketManager.Builder> builder) {
        this(new ManualTicker(), config, builder);
    }

    ManagerHarness(ManualTicker ticker, UnaryOperator<ManagerConfig.Builder> config,
            UnaryOperator<WebSocketManager.Builder> builder) {
        this.ticker = ticker;
        ManagerConfig built = config.apply(ManagerConfig.builder()
                .staleSweepInterval(Duration.ZERO)
                .shutdownGracePeriod(Duration.ofSeconds(2))).build();
        this.manager = builder.apply(WebSocketManager.builder()
                .config(built)
                .ticker(ticker)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))).build();
    }

    /** Connects a new fake connection for {@code user} and returns it. */
    FakeConnection connect(String user) {
        FakeConnection connection = new FakeConnection();
        manager.connect(UserId.of(user), connection);
        return connection;
    }
}
