package io.switchboard.examples;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A LangChain4j streaming model that plays an {@link AgentScript} the way a provider streams: the
 * first turn streams the reasoning as thinking and then the web search as a tool call, token by
 * token; once the AI service has run the tool, the second turn streams the answer (the one without
 * search if the tool reports that the user did not allow it). No network and no real model: it
 * lets the demo run through the LangChain4j bridge exactly as it would with one.
 *
 * <p>Thread-safe: each turn plays on a thread of {@code threads}, and stops at the next token once
 * its stream handle is cancelled.
 */
final class ScriptedModel implements StreamingChatModel {

    /** What the search tool answers when the user rejected the search. */
    static final String NOT_ALLOWED = "the user did not allow the search";

    private final AgentScript script;
    private final String toolCallId;
    private final AgentPace pace;
    private final Executor threads;

    ScriptedModel(AgentScript script, String toolCallId, AgentPace pace, Executor threads) {
        this.script = script;
        this.toolCallId = toolCallId;
        this.pace = pace;
        this.threads = threads;
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        List<ChatMessage> messages = request.messages();
        ChatMessage last = messages.get(messages.size() - 1);
        Handle handle = new Handle();
        try {
            threads.execute(() -> play(last, handle, handler));
        } catch (RejectedExecutionException stopping) {
            // The demo is stopping: the run ends with it.
        }
    }

    // The turn after the tool's result is the answer; the first one reasons and searches.
    private void play(ChatMessage last, Handle handle, StreamingChatResponseHandler handler) {
        try {
            if (last instanceof ToolExecutionResultMessage result) {
                answer(result.text().contains(NOT_ALLOWED) ? script.answerWithoutSearch()
                        : script.answer(), handle, handler);
            } else {
                reasonAndSearch(handle, handler);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reasonAndSearch(Handle handle, StreamingChatResponseHandler handler)
            throws InterruptedException {
        pause(pace.step().toMillis());
        for (String token : AgentScript.tokens(script.reasoning())) {
            if (!token(handle)) {
                return;
            }
            handler.onPartialThinking(new PartialThinking(token), new PartialThinkingContext(handle));
        }
        pause(pace.step().toMillis());
        for (String part : AgentScript.tokens(script.toolArgumentsJson())) {
            if (!token(handle)) {
                return;
            }
            handler.onPartialToolCall(PartialToolCall.builder().index(0).id(toolCallId)
                    .name(script.toolName()).partialArguments(part).build(),
                    new PartialToolCallContext(handle));
        }
        ToolExecutionRequest search = ToolExecutionRequest.builder().id(toolCallId)
                .name(script.toolName()).arguments(script.toolArgumentsJson()).build();
        handler.onCompleteToolCall(new CompleteToolCall(0, search));
        handler.onCompleteResponse(ChatResponse.builder()
                .aiMessage(AiMessage.builder().thinking(script.reasoning())
                        .toolExecutionRequests(List.of(search)).build())
                .finishReason(FinishReason.TOOL_EXECUTION).build());
    }

    private void answer(String text, Handle handle, StreamingChatResponseHandler handler)
            throws InterruptedException {
        pause(pace.step().toMillis());
        for (String token : AgentScript.tokens(text)) {
            if (!token(handle)) {
                return;
            }
            handler.onPartialResponse(new PartialResponse(token), new PartialResponseContext(handle));
        }
        handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from(text))
                .finishReason(FinishReason.STOP).build());
    }

    // Waits a token's interval; false once the stream was cancelled.
    private boolean token(Handle handle) throws InterruptedException {
        pause(pace.nextTokenMillis());
        return !handle.isCancelled();
    }

    private static void pause(long millis) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(millis);
    }

    /** A stream's handle: cancelling it stops the turn at its next token. */
    private static final class Handle implements StreamingHandle {
        private volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
