package io.switchboard.bridge.springai;

import static io.switchboard.bridge.springai.ScriptedChatModel.reasoning;
import static io.switchboard.bridge.springai.ScriptedChatModel.text;
import static io.switchboard.bridge.springai.ScriptedChatModel.toolCalls;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.testing.BridgedRuns;
import io.switchboard.testing.RunTranscript;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage.ToolCall;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

@DisplayName("The Spring AI bridge")
class SpringAiBridgeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final UserId ALICE = UserId.of("alice");
    private static final ThreadId THREAD = ThreadId.of("t-1");

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
    @DisplayName("reasoning, text and two tool calls the model runs internally reach the client in order")
    void reasoningTextAndTools() {
        ScriptedChatModel model = new ScriptedChatModel(
                Flux.just(reasoning("The user wants "), reasoning("weather and time."),
                        text("Let me "), text("check. "),
                        toolCalls(new ToolCall("c1", "function", "weather", "{\"city\":\"Oslo\"}"),
                                new ToolCall("c2", "function", "clock", "{\"zone\":\"CET\"}"))),
                Flux.just(text("Sunny, "), text("noon.")));
        SpringAiBridge bridge = SpringAiBridge.of(emitter("r-1"));
        ToolCallback[] tools = bridge.tools(tool("weather", input -> "sunny in Oslo"),
                tool("clock", input -> "12:00 CET"));

        bridge.stream(model.stream(new Prompt("weather and time?",
                ToolCallingChatOptions.builder().toolCallbacks(tools).build())));

        tab.awaitType("agent_completed", WAIT);
        RunTranscript run = transcript("r-1");
        assertThat(run.outline()).containsExactlyElementsOf(
                BridgedRuns.reasoningTextAndTwoTools("r-1"));
        assertThat(run.text("r-1:m1")).isEqualTo("The user wants weather and time.");
        assertThat(run.arguments("c2")).isEqualTo("{\"zone\":\"CET\"}");
        assertThat(run.payload("tool_executing").path("arguments").path("city").asText())
                .isEqualTo("Oslo");
        assertThat(run.payload("tool_completed").path("result").asText())
                .isEqualTo("sunny in Oslo");
        assertThat(run.payload("agent_completed").path("answer").asText())
                .isEqualTo("Let me check. Sunny, noon.");
        assertThat(model.prompts()).hasSize(2);
    }

    @Test
    @DisplayName("a tool that fails is reported as failed, with a generated id when the stream showed none")
    void failingToolWithoutAnnouncedCall() {
        SpringAiBridge bridge = SpringAiBridge.of(emitter("r-2"));
        ToolCallback failing = bridge.tools(tool("weather", input -> {
            throw new IllegalStateException("weather service down");
        }))[0];

        try {
            failing.call("{\"city\":\"Oslo\"}");
        } catch (IllegalStateException expected) {
            // rethrown to Spring AI, as without the bridge
        }
        bridge.stream(Flux.just(text("Sorry.")));

        tab.awaitType("agent_completed", WAIT);
        RunTranscript run = transcript("r-2");
        assertThat(run.outline()).containsExactly("tool_executing weather-1 weather",
                "tool_completed weather-1 weather false", "message_started r-2:m1 text",
                "message_delta r-2:m1", "message_completed r-2:m1", "agent_completed succeeded");
        assertThat(run.payload("tool_completed").path("result").asText())
                .isEqualTo("the tool failed");
    }

    @Test
    @DisplayName("an error ends the run as failed, without the error's message")
    void error() {
        ScriptedChatModel model = new ScriptedChatModel(Flux.concat(Flux.just(text("Partial ")),
                Flux.error(new IllegalStateException("HTTP 401: bad key sk-secret"))));

        SpringAiBridge.stream(emitter("r-3"), model.stream(new Prompt("hi")));

        tab.awaitType("agent_completed", WAIT);
        RunTranscript run = transcript("r-3");
        assertThat(run.outline()).containsExactly("message_started r-3:m1 text", "message_delta r-3:m1",
                "message_completed r-3:m1", "agent_completed failed");
        assertThat(run.payload("agent_completed").path("error").asText())
                .isEqualTo("the model call failed").doesNotContain("sk-secret");
    }

    @Test
    @DisplayName("a client's cancel in the middle of the answer disposes the model's stream")
    void cancelMidStream() {
        ScriptedChatModel model = new ScriptedChatModel(
                Flux.concat(Flux.just(text("Once upon ")), Flux.never()));

        Disposable subscription = SpringAiBridge.stream(emitter("r-4"),
                model.stream(new Prompt("a story")));
        tab.awaitType("message_delta", WAIT);
        manager.onText(tab.id(), "{\"type\":\"cancel\",\"run_id\":\"r-4\"}");
        tab.awaitType("agent_completed", WAIT);

        assertThat(subscription.isDisposed()).isTrue();
        assertThat(model.cancelled()).isTrue();
        RunTranscript run = transcript("r-4");
        assertThat(run.outline()).containsExactly("message_started r-4:m1 text", "message_delta r-4:m1",
                "cancel_requested", "message_completed r-4:m1", "agent_completed cancelled");
        assertThat(run.payload("agent_completed").path("error").asText())
                .isEqualTo("cancelled by the user");
    }

    private AgentEmitter emitter(String run) {
        return manager.emitter(ALICE, THREAD, RunId.of(run));
    }

    private RunTranscript transcript(String run) {
        return RunTranscript.of(tab.framesOfRun(run));
    }

    private static ToolCallback tool(String name, UnaryOperator<String> body) {
        ToolDefinition definition = ToolDefinition.builder().name(name).description(name)
                .inputSchema("{\"type\":\"object\"}").build();
        return new ToolCallback() {
            @Override
            public ToolDefinition getToolDefinition() {
                return definition;
            }

            @Override
            public String call(String toolInput) {
                return body.apply(toolInput);
            }
        };
    }
}
