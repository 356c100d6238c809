package io.switchboard.bridge.langchain4j;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.TokenStream;
import io.switchboard.core.emit.AgentEmitter;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Streams a LangChain4j call into the events of one run, with one call.
 *
 * <ul>
 *   <li>Thinking ({@code onPartialThinking}) becomes {@code message_*} events of kind
 *       {@code reasoning}, partial responses {@code message_*} of kind {@code text}: one message
 *       per uninterrupted run of each.
 *   <li>Partial tool calls become {@code tool_call_delta}; with an AI service, each tool's
 *       execution becomes {@code tool_executing} ({@code beforeToolExecution}) and
 *       {@code tool_completed} ({@code onToolExecuted}, with its result, failure and duration).
 *   <li>The complete response ends the run with {@code agent_completed} {@code succeeded} and the
 *       answer's text; an error with {@code failed} and the sentence "the model call failed" (the
 *       error's type is logged, its message only at debug level, since it may hold request
 *       details).
 *   <li>The user's {@code cancel} ends the run with {@code cancelled} and cancels the stream
 *       through its {@code StreamingHandle}; an AI service's next model call (after a tool round)
 *       is cancelled as soon as it streams. Whatever LangChain4j delivers afterwards is dropped.
 * </ul>
 *
 * <p>A raw model call is one model turn; when the run needs a tool loop, let an AI service run it
 * and bridge its {@link TokenStream}.
 *
 * <h2>Threading</h2>
 * Both methods return at once; LangChain4j calls back on its own threads, and the emitter keeps
 * the events in order. The returned future completes on one of those threads (or on the thread
 * that handled the cancel).
 */
public final class LangChain4jBridge {

    private LangChain4jBridge() {
    }

    /**
     * Starts {@code request} on {@code model} and streams it into {@code emitter}'s run.
     *
     * @param emitter the run's emitter
     * @param model the streaming model
     * @param request the request
     * @return completes with the model's response, exceptionally with its error, or with a
     *     {@link java.util.concurrent.CancellationException} when the user cancelled
     */
    public static CompletableFuture<ChatResponse> stream(AgentEmitter emitter,
            StreamingChatModel model, ChatRequest request) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(request, "request");
        StreamedCall call = new StreamedCall(Objects.requireNonNull(emitter, "emitter"));
        model.chat(request, new EmittingResponseHandler(call));
        return call.result();
    }

    /**
     * Streams an AI service's token stream into {@code emitter}'s run, and starts it. The
     * stream's own handlers for partial responses, thinking, tool calls, tool executions,
     * completion and errors are taken; register nothing else on it.
     *
     * @param emitter the run's emitter
     * @param tokens the AI service's stream, not started yet
     * @return completes with the final response, exceptionally with the error, or with a
     *     {@link java.util.concurrent.CancellationException} when the user cancelled
     */
    public static CompletableFuture<ChatResponse> stream(AgentEmitter emitter, TokenStream tokens) {
        Objects.requireNonNull(tokens, "tokens");
        StreamedCall call = new StreamedCall(Objects.requireNonNull(emitter, "emitter"));
        tokens.onPartialResponseWithContext(
                        (partial, context) -> call.text(partial.text(), context.streamingHandle()))
                .onPartialThinkingWithContext((partial, context) ->
                        call.thinking(partial.text(), context.streamingHandle()))
                .onPartialToolCallWithContext((partial, context) ->
                        call.toolCallDelta(partial, context.streamingHandle()))
                .beforeToolExecution(before -> call.toolStarts(before.request()))
                .onToolExecuted(call::toolExecuted)
                .onCompleteResponse(call::completed)
                .onError(call::failed)
                .start();
        return call.result();
    }
}
