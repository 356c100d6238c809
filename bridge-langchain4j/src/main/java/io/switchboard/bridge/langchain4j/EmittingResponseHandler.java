package io.switchboard.bridge.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

/**
 * A model's streaming handler that feeds one call: the context-carrying callbacks, so that the
 * stream's handle is known for the user's cancel. Thread-safe, as the call is.
 */
final class EmittingResponseHandler implements StreamingChatResponseHandler {

    private final StreamedCall call;

    EmittingResponseHandler(StreamedCall call) {
        this.call = call;
    }

    @Override
    public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        call.text(partial.text(), context.streamingHandle());
    }

    @Override
    public void onPartialThinking(PartialThinking partial, PartialThinkingContext context) {
        call.thinking(partial.text(), context.streamingHandle());
    }

    @Override
    public void onPartialToolCall(PartialToolCall partial, PartialToolCallContext context) {
        call.toolCallDelta(partial, context.streamingHandle());
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        call.completed(response);
    }

    @Override
    public void onError(Throwable error) {
        call.failed(error);
    }
}
