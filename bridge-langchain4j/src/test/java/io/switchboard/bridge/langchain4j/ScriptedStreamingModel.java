package io.switchboard.bridge.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A streaming model that plays scripted turns, one per request, on a thread of its own, as a
 * provider's HTTP client would: thinking, text, tool calls in chunks, a failure, or a pause until
 * the stream is cancelled. No network, no real model.
 */
final class ScriptedStreamingModel implements StreamingChatModel {

    /** One step of a turn. */
    sealed interface Step {
    }

    record Think(String text) implements Step {
    }

    record Say(String text) implements Step {
    }

    record CallTool(int index, String id, String name, List<String> argumentChunks)
            implements Step {
    }

    record Fail(RuntimeException error) implements Step {
    }

    /** Streams nothing more until the stream is cancelled (or 10 s pass). */
    record AwaitCancel() implements Step {
    }

    /** A stream's handle, as a provider's: cancelling it stops the turn. */
    static final class Handle implements StreamingHandle {
        private final CountDownLatch cancelled = new CountDownLatch(1);

        @Override
        public void cancel() {
            cancelled.countDown();
        }

        @Override
        public boolean isCancelled() {
            return cancelled.getCount() == 0;
        }

        boolean awaitCancel() throws InterruptedException {
            return cancelled.await(10, TimeUnit.SECONDS);
        }
    }

    private final Queue<List<Step>> turns = new ConcurrentLinkedQueue<>();
    private final List<Handle> handles = new CopyOnWriteArrayList<>();
    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

    @SafeVarargs
    ScriptedStreamingModel(List<Step>... turns) {
        for (List<Step> turn : turns) {
            this.turns.add(turn);
        }
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        requests.add(request);
        List<Step> turn = turns.poll();
        if (turn == null) {
            throw new IllegalStateException("no turn left in the script");
        }
        Handle handle = new Handle();
        handles.add(handle);
        Thread player = new Thread(() -> play(turn, handle, handler), "scripted-model");
        player.setDaemon(true);
        player.start();
    }

    List<Handle> handles() {
        return List.copyOf(handles);
    }

    List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    private static void play(List<Step> turn, Handle handle, StreamingChatResponseHandler handler) {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        List<ToolExecutionRequest> calls = new ArrayList<>();
        for (Step step : turn) {
            if (handle.isCancelled()) {
                return;
            }
            if (step instanceof Think think) {
                thinking.append(think.text());
                handler.onPartialThinking(new PartialThinking(think.text()),
                        new PartialThinkingContext(handle));
            } else if (step instanceof Say say) {
                text.append(say.text());
                handler.onPartialResponse(new PartialResponse(say.text()),
                        new PartialResponseContext(handle));
            } else if (step instanceof CallTool call) {
                for (String chunk : call.argumentChunks()) {
                    handler.onPartialToolCall(PartialToolCall.builder().index(call.index())
                            .id(call.id()).name(call.name()).partialArguments(chunk).build(),
                            new PartialToolCallContext(handle));
                }
                ToolExecutionRequest request = ToolExecutionRequest.builder().id(call.id())
                        .name(call.name()).arguments(String.join("", call.argumentChunks()))
                        .build();
                calls.add(request);
                handler.onCompleteToolCall(new CompleteToolCall(call.index(), request));
            } else if (step instanceof Fail fail) {
                handler.onError(fail.error());
                return;
            } else if (step instanceof AwaitCancel) {
                try {
                    handle.awaitCancel();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
        }
        AiMessage.Builder message = AiMessage.builder();
        if (!text.isEmpty()) {
            message.text(text.toString());
        }
        if (!thinking.isEmpty()) {
            message.thinking(thinking.toString());
        }
        if (!calls.isEmpty()) {
            message.toolExecutionRequests(calls);
        }
        handler.onCompleteResponse(ChatResponse.builder().aiMessage(message.build())
                .finishReason(calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_EXECUTION)
                .build());
    }
}
