package io.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.core.testing.ForgetfulReplayLog;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A stream the log loses between its events")
class EvictedStreamTest {

    private static final UserId ALICE = UserId.of("alice");
    private static final ThreadId T1 = ThreadId.of("t-1");

    @Test
    @DisplayName("still reaches its live subscriber: each event after recovery_failed, none lost")
    void liveEventsSurviveEviction() {
        ManagerHarness harness = new ManagerHarness(config -> config,
                builder -> builder.replayLog(new ForgetfulReplayLog()));
        try (WebSocketManager manager = harness.manager) {
            FakeConnection tab = harness.connect("alice");
            assertThat(manager.subscribe(tab.id(), T1)).isTrue();
            for (int i = 1; i <= 5; i++) {
                SendOutcome outcome = manager.sendToThread(ALICE, T1,
                        new ToolExecuting("call-" + i, "search", Map.of("n", i)));
                assertThat(outcome.queuedLocal()).as("event %d queued live", i).isEqualTo(1);
            }
            List<JsonNode> events = tab.framesOfType("tool_executing");
            assertThat(events.stream().map(event -> event.path("payload").path("tool_call_id").asText())
                    .collect(Collectors.toList()))
                    .containsExactly("call-1", "call-2", "call-3", "call-4", "call-5");
            // Each lost epoch is said, before the event that starts the next one.
            assertThat(tab.framesOfType("recovery_failed")).hasSize(4)
                    .allSatisfy(failed -> assertThat(failed.path("reason").asText())
                            .isEqualTo("epoch_changed"));
        }
    }
}
