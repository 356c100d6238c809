package io.switchboard.bridge.langchain4j;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import io.switchboard.bridge.langchain4j.ScriptedStreamingModel.AwaitCancel;
import io.switchboard.bridge.langchain4j.ScriptedStreamingModel.CallTool;
import io.switchboard.bridge.langchain4j.ScriptedStreamingModel.Fail;
import io.switchboard.bridge.langchain4j.ScriptedStreamingModel.Say;
import io.switchboard.bridge.langchain4j.ScriptedStreamingModel.Think;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.testing.BridgedRuns;
import io.switchboard.testing.RunTranscript;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The LangChain4j bridge")
class LangChain4jBridgeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final UserId ALICE = UserId.of("alice");
    private static final ThreadId THREAD = ThreadId.of("t-1");

    /** An AI service whose answers stream. */
    interface Assistant {
        TokenStream chat(String message);
    }

    /** The tools the scripted model calls; the second one can be held until released. */
    static final class Tools {
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean holdClock;
        final CountDownLatch clockCalled = new CountDownLatch(1);

        @Tool("the weather in a city")
        String weather(String city) {
            return "sunny in " + city;
        }

        @Tool("the time in a zone")
        String clock(String zone) throws InterruptedException {
            clockCalled.countDown();
            if (holdClock) {
                release.await(10, TimeUnit.SECONDS);
            }
            return "12:00 " + zone;
        }
    }

    private WebSocketManager manager;
    private FakeConnection tab;

    @BeforeEach
    void connect() {
        manager = WebSocketManager.builder().build();
        tab = FakeConnection.answeringPings(manager);
        manager.connect(ALICE, tab);
        manager.subscribe(tab.id(), THREAD);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    @DisplayName("an AI service's reasoning, text and two tool calls reach the client in order")
    void reasoningTextAndTools() throws Exception {
        ScriptedStreamingModel model = new ScriptedStreamingModel(
                List.of(new Think("The user wants "), new Think("weather and time."),
                        new Say("Let me "), new Say("check. "),
                        new CallTool(0, "c1", "weather", List.of("{\"city\":", "\"Oslo\"}")),
                        new CallTool(1, "c2", "clock", List.of("{\"zone\":\"CET\"}"))),
                List.of(new Say("Sunny, "), new Say("noon.")));
        Assistant assistant = AiServices.builder(Assistant.class).streamingChatModel(model)
                .tools(new Tools()).build();

        CompletableFuture<ChatResponse> done =
                LangChain4jBridge.stream(emitter("r-1"), assistant.chat("weather and time?"));

        assertThat(done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Sunny, noon.");
        RunTranscript run = transcript("r-1");
        assertThat(run.outline()).containsExactlyElementsOf(
                BridgedRuns.reasoningTextAndTwoTools("r-1"));
        assertThat(run.text("r-1:m1")).isEqualTo("The user wants weather and time.");
        assertThat(run.text("r-1:m2")).isEqualTo("Let me check. ");
        assertThat(run.arguments("c1")).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(run.payload("tool_executing").path("arguments").path("city").asText())
                .isEqualTo("Oslo");
        assertThat(run.payload("tool_completed").path("result").asText())
                .isEqualTo("sunny in Oslo");
        assertThat(run.payload("agent_completed").path("answer").asText())
                .isEqualTo("Let me check. Sunny, noon.");
        // The service fed both results back to the model for its second turn.
        assertThat(model.requests()).hasSize(2);
    }

    @Test
    @DisplayName("an error ends the run as failed, without the error's message")
    void error() {
        ScriptedStreamingModel model = new ScriptedStreamingModel(List.of(new Say("Partial "),
                new Fail(new IllegalStateException("HTTP 401: bad key sk-secret"))));

        CompletableFuture<ChatResponse> done = LangChain4jBridge.stream(emitter("r-2"), model,
                ChatRequest.builder().messages(UserMessage.from("hi")).build());

        assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
        tab.awaitType("agent_completed", WAIT);
        RunTranscript run = transcript("r-2");
        assertThat(run.outline()).containsExactly("message_started r-2:m1 text", "message_delta r-2:m1",
                "message_completed r-2:m1", "agent_completed failed");
        assertThat(run.payload("agent_completed").path("error").asText())
                .isEqualTo("the model call failed").doesNotContain("sk-secret");
    }

    @Test
    @DisplayName("a client's cancel in the middle of the answer cancels the model's stream")
    void cancelMidStream() throws Exception {
        ScriptedStreamingModel model = new ScriptedStreamingModel(
                List.of(new Say("Once upon "), new AwaitCancel(), new Say("a time")));

        CompletableFuture<ChatResponse> done = LangChain4jBridge.stream(emitter("r-3"), model,
                ChatRequest.builder().messages(UserMessage.from("a story")).build());
        tab.awaitType("message_delta", WAIT);
        manager.onText(tab.id(), "{\"type\":\"cancel\",\"run_id\":\"r-3\"}");

        assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS))
                .isInstanceOf(CancellationException.class);
        assertThat(model.handles().get(0).isCancelled()).isTrue();
        tab.awaitType("agent_completed", WAIT);
        RunTranscript run = transcript("r-3");
        assertThat(run.outline()).containsExactly("message_started r-3:m1 text", "message_delta r-3:m1",
                "cancel_requested", "message_completed r-3:m1", "agent_completed cancelled");
        assertThat(run.text("r-3:m1")).isEqualTo("Once upon ");
    }

    @Test
    @DisplayName("a cancel during a tool round cancels the service's next model call as it starts")
    void cancelDuringTools() throws Exception {
        Tools tools = new Tools();
        tools.holdClock = true;
        ScriptedStreamingModel model = new ScriptedStreamingModel(
                List.of(new CallTool(0, "c1", "clock", List.of("{\"zone\":\"UTC\"}"))),
                List.of(new Say("never "), new AwaitCancel(), new Say("shown")));
        Assistant assistant = AiServices.builder(Assistant.class).streamingChatModel(model)
                .tools(tools).build();

        LangChain4jBridge.stream(emitter("r-4"), assistant.chat("time?"));
        assertThat(tools.clockCalled.await(10, TimeUnit.SECONDS)).isTrue();
        manager.onText(tab.id(), "{\"type\":\"cancel\",\"run_id\":\"r-4\"}");
        tab.awaitType("agent_completed", WAIT);
        tools.release.countDown();

        awaitHandles(model, 2);
        awaitCancelled(model.handles().get(1));
        RunTranscript run = transcript("r-4");
        assertThat(run.outline()).containsExactly("tool_call_delta c1 clock",
                "tool_executing c1 clock", "cancel_requested", "agent_completed cancelled");
    }

    private AgentEmitter emitter(String run) {
        return manager.emitter(ALICE, THREAD, RunId.of(run));
    }

    private RunTranscript transcript(String run) {
        return RunTranscript.of(tab.framesOfRun(run));
    }

    private static void awaitHandles(ScriptedStreamingModel model, int count)
            throws InterruptedException {
        await("the model called " + count + " times").atMost(WAIT).pollInterval(Duration.ofMillis(5))
                .untilAsserted(() -> assertThat(model.handles()).as("the model's calls").hasSize(count));
    }

    private static void awaitCancelled(ScriptedStreamingModel.Handle handle)
            throws InterruptedException {
        assertThat(handle.awaitCancel()).as("the next model call was cancelled").isTrue();
    }
}
