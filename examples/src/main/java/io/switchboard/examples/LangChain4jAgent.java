package io.switchboard.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.tool.ToolExecutor;
import io.switchboard.bridge.langchain4j.LangChain4jBridge;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.control.ApprovalDecision;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo's agent behind LangChain4j ({@code --agent=langchain4j}): each question is a
 * LangChain4j AI service whose streaming model is the {@link ScriptedModel} playing the same
 * {@link AgentScript} as the simulated agent, with a web-search tool that asks the user's
 * approval before it "searches". {@link LangChain4jBridge} streams the service's answer into the
 * run: thinking as the reasoning message, the tool call's arguments, the tool's execution (its
 * approval request inside it), the answer, and the user's Stop as the stream's cancellation.
 *
 * <p>Thread-safe. Model turns and the tool run on this agent's daemon threads; a tool waiting for
 * the user's decision holds its thread.
 */
final class LangChain4jAgent implements ChatAgent {

    /** How long the search waits for the user's decision before it gives up. */
    private static final Duration DECISION_TIMEOUT = Duration.ofMinutes(5);

    /** The AI service: one per question, so that its tool knows the run. */
    interface Assistant {
        TokenStream chat(String question);
    }

    private final WebSocketManager manager;
    private final AgentPace pace;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "demo-langchain4j");
        thread.setDaemon(true);
        return thread;
    });

    LangChain4jAgent(WebSocketManager manager, AgentPace pace) {
        this.manager = manager;
        this.pace = pace;
    }

    @Override
    public RunId answer(UserId user, ThreadId thread, String question) {
        RunId run = RunId.of("run-" + UUID.randomUUID().toString().substring(0, 8));
        AgentEmitter emitter = manager.emitter(user, thread, run);
        AgentScript script = AgentScript.forQuestion(question);
        // Ids are unique within the thread's stream: a thread holds many runs.
        String toolCallId = run.value() + ":" + script.toolCallId();
        Assistant assistant = AiServices.builder(Assistant.class)
                .streamingChatModel(new ScriptedModel(script, toolCallId, pace, threads))
                .tools(Map.of(searchSpecification(script), search(emitter, script, toolCallId)))
                .build();
        emitter.started(script.agentName());
        LangChain4jBridge.stream(emitter, assistant.chat(question));
        return run;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    private static ToolSpecification searchSpecification(AgentScript script) {
        return ToolSpecification.builder().name(script.toolName())
                .description("Searches the web; asks the user first")
                .parameters(JsonObjectSchema.builder().addStringProperty("query")
                        .addIntegerProperty("max_results").required(List.of("query")).build())
                .build();
    }

    // The search asks the user, then answers with the script's results, or says it may not.
    private ToolExecutor search(AgentEmitter emitter, AgentScript script, String toolCallId) {
        String requestId = emitter.run().value() + ":approval";
        return (request, memory) -> {
            emitter.approvalRequested(requestId, toolCallId, script.approvalTitle(),
                    Map.of("tool", script.toolName(), "query", script.toolArguments().get("query")));
            Object answer = awaitDecision(emitter, requestId);
            if (answer instanceof ApprovalDecision decision && decision.approved()) {
                return write(Map.of("results", script.toolResult()));
            }
            return write(Map.of("error", ScriptedModel.NOT_ALLOWED));
        };
    }

    private static Object awaitDecision(AgentEmitter emitter, String requestId) {
        try {
            return CompletableFuture.anyOf(emitter.decision(requestId), emitter.cancellation())
                    .get(DECISION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
