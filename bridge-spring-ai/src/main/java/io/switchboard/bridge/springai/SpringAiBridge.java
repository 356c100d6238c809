package io.switchboard.bridge.springai;

import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.StreamedAnswer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.tool.ToolCallback;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;

/**
 * Streams a Spring AI chat call into the events of one run.
 *
 * <pre>{@code
 * SpringAiBridge bridge = SpringAiBridge.of(emitter);
 * Flux<ChatResponse> answer = chatClient.prompt(question)
 *         .toolCallbacks(bridge.tools(weatherTools))      // each execution is reported
 *         .stream().chatResponse();
 * bridge.stream(answer);                                  // subscribes
 * }</pre>
 *
 * <ul>
 *   <li>Each chunk's reasoning ({@code reasoningContent} metadata, or a chunk marked
 *       {@code thinking}) becomes {@code message_*} events of kind {@code reasoning}, its text
 *       {@code message_*} of kind {@code text}: one message per uninterrupted run of each.
 *   <li>Tool calls in the stream become {@code tool_call_delta}; the executions of the callbacks
 *       wrapped by {@link #tools} become {@code tool_executing} and {@code tool_completed}, with the
 *       id of the call the stream announced (or {@code <tool>-<n>} when the model runs tools
 *       internally and the stream shows none).
 *   <li>The end of the stream ends the run with {@code agent_completed} {@code succeeded} and the
 *       answer's text; an error with {@code failed} and "the model call failed" (the error's type
 *       is logged, its message only at debug level); disposing the returned subscription with
 *       {@code cancelled}.
 *   <li>The user's {@code cancel} ends the run with {@code cancelled} and disposes the
 *       subscription, which cancels the model call upstream. Nothing is sent for the run after.
 * </ul>
 *
 * <h2>Threading</h2>
 * Thread-safe. {@link #stream} subscribes and returns at once; Reactor delivers the chunks on the
 * model client's threads, tool callbacks run on Spring AI's; the emitter keeps the events in
 * order. One bridge is one run: stream one {@code Flux} through it.
 */
public final class SpringAiBridge {

    private static final Logger LOG = LoggerFactory.getLogger(SpringAiBridge.class);
    private static final String FAILED = "the model call failed";
    private static final String STOPPED = "the model call was stopped";

    private final StreamedAnswer answer;
    private final ToolCallIds ids = new ToolCallIds();

    private SpringAiBridge(AgentEmitter emitter) {
        this.answer = StreamedAnswer.of(Objects.requireNonNull(emitter, "emitter"));
    }

    /**
     * A bridge for one run, for a call with tools: wrap them with {@link #tools}, then
     * {@link #stream} the call's responses.
     *
     * @param emitter the run's emitter
     * @return the bridge
     */
    public static SpringAiBridge of(AgentEmitter emitter) {
        return new SpringAiBridge(emitter);
    }

    /**
     * Streams {@code responses} into {@code emitter}'s run: the one call for a chat call without
     * tools.
     *
     * @param emitter the run's emitter
     * @param responses the chat call's responses, not yet subscribed
     * @return the subscription; disposing it stops the call and ends the run as cancelled
     */
    public static Disposable stream(AgentEmitter emitter, Flux<ChatResponse> responses) {
        return of(emitter).stream(responses);
    }

    /**
     * Subscribes to {@code responses} and streams them into the run.
     *
     * @param responses the chat call's responses, not yet subscribed
     * @return the subscription; disposing it stops the call and ends the run as cancelled
     */
    public Disposable stream(Flux<ChatResponse> responses) {
        Objects.requireNonNull(responses, "responses");
        Disposable.Swap subscription = Disposables.swap();
        answer.onCancel(subscription::dispose);
        subscription.update(responses
                .doOnCancel(() -> answer.cancelled(STOPPED))
                .subscribe(this::chunk, this::failed, answer::completed));
        return subscription;
    }

    /**
     * Wraps tool callbacks so that each execution is reported to the run.
     *
     * @param callbacks the application's tool callbacks
     * @return the wrapped callbacks, in the same order, to hand to Spring AI instead
     */
    public ToolCallback[] tools(ToolCallback... callbacks) {
        return tools(Arrays.asList(callbacks)).toArray(ToolCallback[]::new);
    }

    /**
     * Wraps tool callbacks so that each execution is reported to the run.
     *
     * @param callbacks the application's tool callbacks
     * @return the wrapped callbacks, in the same order
     */
    public List<ToolCallback> tools(List<ToolCallback> callbacks) {
        return callbacks.stream()
                .map(callback -> (ToolCallback) new ReportingToolCallback(
                        Objects.requireNonNull(callback, "callback"), answer, ids))
                .toList();
    }

    private void chunk(ChatResponse response) {
        for (Generation generation : response.getResults()) {
            AssistantMessage message = generation.getOutput();
            if (message == null) {
                continue;
            }
            String content = message.getText();
            if (ResponseParts.isThinking(message)) {
                answer.reasoning(content);
                continue;
            }
            answer.reasoning(ResponseParts.reasoning(message));
            answer.text(content);
            for (AssistantMessage.ToolCall call : message.getToolCalls()) {
                ids.announced(call.id(), call.name(), call.arguments());
                answer.toolCallDelta(call.id(), call.name(), call.arguments());
            }
        }
    }

    private void failed(Throwable error) {
        if (answer.failed(FAILED)) {
            LOG.warn("model call of {} failed: {}", answer, error.getClass().getName());
            LOG.debug("model call failure", error);
        }
    }

    @Override
    public String toString() {
        return "SpringAiBridge[" + answer + "]";
    }
}
