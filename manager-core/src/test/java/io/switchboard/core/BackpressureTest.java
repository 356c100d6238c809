package io.switchboard.core;

import static io.switchboard.core.testing.FrameAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.ManagerStats.Drop;
import io.switchboard.core.ManagerStats.FrameFailure;
import io.switchboard.core.event.AgentThinking;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.core.testing.FakeConnection.WriteMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Outbound queues under backpressure")
class BackpressureTest {

    private static final UserId ALICE = UserId.of("alice");
    private static final ThreadId T1 = ThreadId.of("t-1");
    private static final RunId RUN = RunId.of("r-1");

    private final ManagerHarness harness =
            new ManagerHarness(config -> config.maxQueuedFrames(4), builder -> builder);
    private final WebSocketManager manager = harness.manager;

    @AfterEach
    void close() {
        manager.close();
    }

    private FakeConnection subscribedTab() {
        FakeConnection tab = harness.connect("alice");
        manager.subscribe(tab.id(), T1);
        manager.associateRun(RUN, ALICE, T1);
        return tab;
    }

    private static ToolExecuting tool(int n) {
        return new ToolExecuting("c-" + n, "search", Map.of());
    }

    @Test
    @DisplayName("one write at a time per connection, frames in send order")
    void oneWriteInFlightInOrder() {
        FakeConnection tab = subscribedTab();
        tab.writeMode(WriteMode.HELD);
        for (int n = 1; n <= 3; n++) {
            manager.sendToRun(RUN, tool(n));
        }
        assertThat(tab.heldWrites()).isEqualTo(1);
        tab.releaseWrites();
        assertThat(tab.maxWritesInFlight()).isEqualTo(1);
        assertThat(tab.framesOfType("tool_executing")).extracting(f -> f.path("seq").asLong())
                .containsExactly(1L, 2L, 3L);
        assertThat(manager.stats().queuedFrames()).isZero();
    }

    @Test
    @DisplayName("under pressure a newer thinking update replaces the queued one of the same run")
    void droppableEventsCoalesce() {
        FakeConnection slow = subscribedTab();
        slow.writeMode(WriteMode.HELD);
        manager.sendToRun(RUN, tool(1));                     // in flight
        manager.sendToRun(RUN, tool(2));                     // queued: 1 of 4
        for (int step = 1; step <= 6; step++) {
            manager.sendToRun(RUN, new AgentThinking("s", step));
        }
        slow.releaseWrites();

        List<JsonNode> thinking = slow.framesOfType("agent_thinking");
        assertThat(thinking).extracting(f -> f.path("payload").path("step").asInt()).endsWith(6);
        assertThat(thinking.size()).isLessThan(6);
        assertThat(slow).hasFramesOfType("tool_executing", 2);
        assertSeqsStrictlyIncrease(slow);
        assertThat(manager.stats().drops(Drop.COALESCED)).isGreaterThan(0);
        assertThat(slow.closeReason()).isEmpty();
    }

    @Test
    @DisplayName("a full queue drops droppable events and makes room for lifecycle events")
    void lifecycleEventsAreNeverDropped() {
        FakeConnection slow = subscribedTab();
        slow.writeMode(WriteMode.HELD);
        manager.sendToRun(RUN, tool(1));                     // in flight
        manager.sendToRun(RUN, tool(2));
        manager.sendToRun(RUN, tool(3));
        manager.sendToRun(RUN, new AgentThinking("a", 1));
        manager.sendToRun(RUN, new AgentThinking("b", 2));    // coalesces with step 1
        manager.sendToRun(RUN, tool(4));                     // queue full now: 4 frames
        manager.sendToRun(RUN, new AgentThinking("c", 3));    // replaces step 2... still full
        manager.sendToRun(RUN, tool(5));                     // evicts the queued thinking

        slow.releaseWrites();

        assertThat(slow.framesOfType("tool_executing")).extracting(f -> f.path("payload")
                .path("tool_call_id").asText()).containsExactly("c-1", "c-2", "c-3", "c-4", "c-5");
        assertSeqsStrictlyIncrease(slow);
        assertThat(manager.stats().drops(Drop.MADE_ROOM_FOR_LIFECYCLE)).isEqualTo(1);
        assertThat(slow.closeReason()).isEmpty();
    }

    @Test
    @DisplayName("lifecycle events that overflow close the slow client with 4003; others carry on")
    void overflowClosesTheSlowClientOnly() {
        FakeConnection slow = subscribedTab();
        FakeConnection fast = subscribedTab();
        slow.writeMode(WriteMode.HELD);
        for (int n = 1; n <= 6; n++) {
            manager.sendToRun(RUN, tool(n));
        }
        // One write in flight plus four queued fit; the sixth overflows.
        assertThat(slow.closeReason()).contains(CloseReason.OUTBOUND_OVERFLOW);
        assertThat(fast).hasFramesOfType("tool_executing", 6);
        ManagerStats stats = manager.stats();
        assertThat(stats.framesFailed(FrameFailure.QUEUE_OVERFLOW)).isEqualTo(1);
        assertThat(stats.connections()).isEqualTo(1);
        assertThat(stats.queuedFrames()).isZero();
    }

    @Test
    @DisplayName("a failed write closes the connection with 1011 and counts the failure")
    void failedWrite() {
        FakeConnection broken = harness.connect("alice");
        broken.writeMode(WriteMode.FAILING);
        SendOutcome outcome = manager.sendToUser(ALICE, tool(1));
        assertThat(outcome.queuedLocal()).isEqualTo(1);
        assertThat(broken.closeReason()).contains(CloseReason.SEND_FAILED);
        assertThat(manager.stats().framesFailed(FrameFailure.SEND_FAILED)).isEqualTo(1);
        assertThat(manager.stats().connections()).isZero();
    }

    private static void assertSeqsStrictlyIncrease(FakeConnection connection) {
        long last = 0;
        for (JsonNode frame : connection.frames()) {
            if (frame.has("seq")) {
                assertThat(frame.path("seq").asLong()).as("seq order on %s", connection).isGreaterThan(last);
                last = frame.path("seq").asLong();
            }
        }
    }
}
