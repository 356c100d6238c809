package io.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.ManagerStats.FrameFailure;
import io.switchboard.core.event.AgentThinking;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.core.testing.FakeConnection.WriteMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Outbound queues")
class BackpressureTest {

    private final ManagerHarness harness =
            new ManagerHarness(config -> config.maxQueuedFrames(3), builder -> builder);
    private final WebSocketManager manager = harness.manager;

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    @DisplayName("one write at a time per connection, frames in send order")
    void oneWriteInFlightInOrder() {
        FakeConnection tab = harness.connect("alice");
        tab.writeMode(WriteMode.HELD);
        for (int step = 1; step <= 3; step++) {
            manager.sendToUser(UserId.of("alice"), new AgentThinking("s", step));
        }
        assertThat(tab.heldWrites()).isEqualTo(1);
        tab.releaseWrites();
        assertThat(tab.maxWritesInFlight()).isEqualTo(1);
        assertThat(tab.framesOfType("agent_thinking")).extracting(f -> f.path("payload").path("step").asInt())
                .containsExactly(1, 2, 3);
        assertThat(manager.stats().queuedFrames()).isZero();
    }

    @Test
    @DisplayName("a client that stops reading overflows and is closed with 4003; others are unaffected")
    void overflowClosesTheSlowClientOnly() {
        FakeConnection slow = harness.connect("alice");
        FakeConnection fast = harness.connect("alice");
        slow.writeMode(WriteMode.HELD);
        for (int step = 1; step <= 5; step++) {
            manager.sendToUser(UserId.of("alice"), new AgentThinking("s", step));
        }
        // One write in flight plus three queued fit; the fifth overflows.
        assertThat(slow.closeReason()).contains(CloseReason.OUTBOUND_OVERFLOW);
        assertThat(fast.framesOfType("agent_thinking")).hasSize(5);
        ManagerStats stats = manager.stats();
        assertThat(stats.framesFailed(FrameFailure.QUEUE_OVERFLOW)).isEqualTo(1);
        assertThat(stats.framesFailed(FrameFailure.CONNECTION_CLOSED)).as("queued frames dropped on close")
                .isEqualTo(3);
        assertThat(stats.connections()).isEqualTo(1);
        assertThat(stats.queuedFrames()).isZero();
    }

    @Test
    @DisplayName("a failed write closes the connection with 1011 and counts the failure")
    void failedWrite() {
        FakeConnection broken = harness.connect("alice");
        broken.writeMode(WriteMode.FAILING);
        SendOutcome outcome = manager.sendToUser(UserId.of("alice"), new AgentThinking("s", 1));
        assertThat(outcome.queuedLocal()).isEqualTo(1);
        assertThat(broken.closeReason()).contains(CloseReason.SEND_FAILED);
        assertThat(manager.stats().framesFailed(FrameFailure.SEND_FAILED)).isEqualTo(1);
        assertThat(manager.stats().connections()).isZero();
    }
}
