package io.switchboard.bridge.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.service.tool.ToolExecution;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.StreamedAnswer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streaming call, from LangChain4j's callbacks to the run's answer: the callbacks of a model's
 * handler and of an AI service's token stream both land here. Thread-safe (LangChain4j calls back
 * on its HTTP client's and its tool executor's threads; the answer serializes).
 */
final class StreamedCall {

    private static final Logger LOG = LoggerFactory.getLogger(StreamedCall.class);
    private static final String FAILED = "the model call failed";

    private final StreamedAnswer answer;
    private final ModelCancellation cancellation = new ModelCancellation();
    private final CompletableFuture<ChatResponse> result = new CompletableFuture<>();

    StreamedCall(AgentEmitter emitter) {
        this.answer = StreamedAnswer.of(emitter);
        answer.onCancel(() -> {
            cancellation.cancel();
            result.completeExceptionally(new CancellationException("cancelled by the user"));
        });
    }

    CompletableFuture<ChatResponse> result() {
        return result;
    }

    void text(String text, StreamingHandle handle) {
        cancellation.attach(handle);
        answer.text(text);
    }

    void thinking(String text, StreamingHandle handle) {
        cancellation.attach(handle);
        answer.reasoning(text);
    }

    void toolCallDelta(PartialToolCall call, StreamingHandle handle) {
        cancellation.attach(handle);
        answer.toolCallDelta(callId(call.id(), call.index()), call.name(), call.partialArguments());
    }

    void toolStarts(ToolExecutionRequest request) {
        answer.toolExecuting(request.id(), request.name(), request.arguments());
    }

    void toolExecuted(ToolExecution execution) {
        ToolExecutionRequest request = execution.request();
        answer.toolCompleted(request.id(), request.name(), !execution.hasFailed(),
                execution.result(), execution.duration().toMillis());
    }

    void completed(ChatResponse response) {
        answer.completed();
        result.complete(response);
    }

    // The user sees a plain sentence; the log names the failure's type, and its message only at
    // debug level, because model clients put request details (and sometimes keys) in messages.
    void failed(Throwable error) {
        if (answer.failed(FAILED)) {
            LOG.warn("model call of {} failed: {}", answer, error.getClass().getName());
            LOG.debug("model call failure", error);
        }
        result.completeExceptionally(error);
    }

    // Providers that stream a call's later chunks without its id still give its index.
    private static String callId(String id, int index) {
        return id == null || id.isEmpty() ? "call-" + index : id;
    }
}
