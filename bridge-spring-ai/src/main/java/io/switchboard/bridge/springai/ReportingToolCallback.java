package io.switchboard.bridge.springai;

import io.switchboard.core.emit.StreamedAnswer;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.metadata.ToolMetadata;

/**
 * A tool callback that reports each execution of the callback it wraps: {@code tool_executing}
 * before, {@code tool_completed} after, with the result or the failure and the duration. The
 * failure itself is rethrown, so Spring AI handles it as it would without the bridge.
 * Thread-safe when the wrapped callback is.
 */
final class ReportingToolCallback implements ToolCallback {

    private static final String FAILED = "the tool failed";

    private final ToolCallback delegate;
    private final StreamedAnswer answer;
    private final ToolCallIds ids;

    ReportingToolCallback(ToolCallback delegate, StreamedAnswer answer, ToolCallIds ids) {
        this.delegate = delegate;
        this.answer = answer;
        this.ids = ids;
    }

    @Override
    public ToolDefinition getToolDefinition() {
        return delegate.getToolDefinition();
    }

    @Override
    public ToolMetadata getToolMetadata() {
        return delegate.getToolMetadata();
    }

    @Override
    public String call(String toolInput) {
        return call(toolInput, null);
    }

    @Override
    public String call(String toolInput, ToolContext toolContext) {
        String name = delegate.getToolDefinition().name();
        String id = ids.claim(name, toolInput);
        answer.toolExecuting(id, name, toolInput);
        long started = System.nanoTime();
        boolean succeeded = false;
        String result = null;
        try {
            result = toolContext == null ? delegate.call(toolInput)
                    : delegate.call(toolInput, toolContext);
            succeeded = true;
            return result;
        } finally {
            answer.toolCompleted(id, name, succeeded, succeeded ? result : FAILED,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    @Override
    public String toString() {
        return "ReportingToolCallback[" + delegate.getToolDefinition().name() + "]";
    }
}
