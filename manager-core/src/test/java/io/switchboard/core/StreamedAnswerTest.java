package io.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.StreamedAnswer;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A streamed answer")
class StreamedAnswerTest {

    private static final UserId ALICE = UserId.of("alice");
    private static final ThreadId T1 = ThreadId.of("t-1");

    @Test
    @DisplayName("opens one message per run of deltas of one kind and ends the run with the text")
    void messagesAndAnswer() throws Exception {
        ManagerHarness harness = new ManagerHarness();
        try (WebSocketManager manager = harness.manager) {
            FakeConnection tab = harness.connect("alice");
            manager.subscribe(tab.id(), T1);
            StreamedAnswer answer = StreamedAnswer.of(manager.emitter(ALICE, T1, RunId.of("r-1")));

            answer.reasoning("Think");
            answer.reasoning("ing.");
            answer.text("");
            answer.text("Hel");
            answer.text("lo");
            answer.toolCallDelta("c1", "search", "{\"q\":");
            answer.toolCallDelta("c1", "search", "\"oslo\"}");
            answer.toolExecuting("c1", "search", "{\"q\":\"oslo\"}");
            answer.toolCompleted("c1", "search", true, "sunny", 12);
            answer.text(" there");
            assertThat(answer.completed()).isTrue();
            assertThat(answer.failed("late")).isFalse();
            answer.text("ignored");

            List<JsonNode> events = await(tab, "agent_completed");
            assertThat(events).extracting(e -> e.path("type").asText()).containsExactly(
                    "message_started", "message_delta", "message_delta", "message_completed",
                    "message_started", "message_delta", "message_delta", "message_completed",
                    "tool_call_delta", "tool_call_delta", "tool_executing", "tool_completed",
                    "message_started", "message_delta", "message_completed", "agent_completed");
            assertThat(events.get(0).path("payload").path("kind").asText()).isEqualTo("reasoning");
            assertThat(events.get(4).path("payload").path("kind").asText()).isEqualTo("text");
            assertThat(events.get(0).path("payload").path("message_id").asText()).isEqualTo("r-1:m1");
            assertThat(events.get(12).path("payload").path("message_id").asText()).isEqualTo("r-1:m3");
            assertThat(events.get(10).path("payload").path("arguments").path("q").asText())
                    .isEqualTo("oslo");
            JsonNode completed = events.get(15).path("payload");
            assertThat(completed.path("status").asText()).isEqualTo("succeeded");
            assertThat(completed.path("answer").asText()).isEqualTo("Hello there");
        }
    }

    @Test
    @DisplayName("carries arguments that are not a JSON object as text")
    void rawArguments() throws Exception {
        ManagerHarness harness = new ManagerHarness();
        try (WebSocketManager manager = harness.manager) {
            FakeConnection tab = harness.connect("alice");
            manager.subscribe(tab.id(), T1);
            StreamedAnswer answer = StreamedAnswer.of(manager.emitter(ALICE, T1, RunId.of("r-2")));
            answer.toolExecuting("c1", "echo", "not json");
            answer.failed("the model stopped");

            List<JsonNode> events = await(tab, "agent_completed");
            assertThat(events.get(0).path("payload").path("arguments").path("arguments").asText())
                    .isEqualTo("not json");
            assertThat(events.get(1).path("payload").path("status").asText()).isEqualTo("failed");
        }
    }

    @Test
    @DisplayName("a user's cancel ends the run once, then stops the model")
    void cancel() throws Exception {
        ManagerHarness harness = new ManagerHarness();
        try (WebSocketManager manager = harness.manager) {
            FakeConnection tab = harness.connect("alice");
            manager.subscribe(tab.id(), T1);
            AgentEmitter emitter = manager.emitter(ALICE, T1, RunId.of("r-3"));
            StreamedAnswer answer = StreamedAnswer.of(emitter);
            AtomicInteger stops = new AtomicInteger();
            answer.onCancel(stops::incrementAndGet);
            answer.text("partial");

            manager.onText(tab.id(), "{\"type\":\"cancel\",\"run_id\":\"r-3\"}");
            List<JsonNode> events = await(tab, "agent_completed");
            answer.text("after the cancel");
            assertThat(answer.completed()).isFalse();

            assertThat(stops.get()).isEqualTo(1);
            assertThat(events).extracting(e -> e.path("type").asText()).containsExactly(
                    "message_started", "message_delta", "cancel_requested", "message_completed",
                    "agent_completed");
            assertThat(events.get(4).path("payload").path("status").asText())
                    .isEqualTo("cancelled");
        }
    }

    // The run's events, once one of type `last` arrived (welcome and subscribed left out).
    private static List<JsonNode> await(FakeConnection tab, String last) throws Exception {
        org.awaitility.Awaitility.await("a " + last + " frame").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(5))
                .untilAsserted(() -> assertThat(tab.framesOfType(last)).as("%s in %s", last, tab.types())
                        .isNotEmpty());
        return tab.frames().stream().filter(frame -> frame.has("run_id")).toList();
    }
}
