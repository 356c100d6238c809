package io.switchboard.core;

import static io.switchboard.core.testing.FrameAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.ManagerStats.InboundError;
import io.switchboard.core.event.AgentStarted;
import io.switchboard.core.id.UserId;
import io.switchboard.core.replay.ReplayLog;
import io.switchboard.core.replay.ReplayLogLimits;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.core.testing.ManualTicker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Acknowledgements")
class AckTest {

    /** A wall clock a test moves by hand. */
    private static final class StepClock extends Clock {
        private final AtomicLong millis = new AtomicLong(1_800_000_000_000L);

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    @DisplayName("acks are counted with their latency; another user's stream is an error")
    void acksFeedTheStats() {
        StepClock clock = new StepClock();
        ManualTicker ticker = new ManualTicker();
        ReplayLog log = ReplayLog.inMemory(ReplayLogLimits.defaults(), ticker, clock);
        ManagerHarness harness = new ManagerHarness(ticker, config -> config,
                builder -> builder.replayLog(log).clock(clock));
        try (WebSocketManager manager = harness.manager) {
            FakeConnection tab = harness.connect("alice");
            manager.sendToUser(UserId.of("alice"), new AgentStarted("a"));
            clock.millis.addAndGet(40);
            manager.onText(tab.id(), "{\"type\":\"ack\",\"stream\":\"alice#\",\"seq\":1}");
            manager.sendToUser(UserId.of("alice"), new AgentStarted("b"));
            clock.millis.addAndGet(20);
            manager.onText(tab.id(), "{\"type\":\"ack\",\"stream\":\"alice#\",\"seq\":2}");
            manager.onText(tab.id(), "{\"type\":\"ack\",\"stream\":\"bob#\",\"seq\":1}");

            ManagerStats stats = manager.stats();
            assertThat(stats.acks()).isEqualTo(2);
            assertThat(stats.ackLatencyAvgMillis()).isEqualTo(30);
            assertThat(stats.ackLatencyMaxMillis()).isEqualTo(40);
            assertThat(tab).hasFramesOfType("error", 1);
            assertThat(stats.inboundErrors(InboundError.INVALID_FRAME)).isEqualTo(1);
        }
    }
}
