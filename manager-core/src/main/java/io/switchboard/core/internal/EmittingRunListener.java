package io.switchboard.core.internal;

import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.emit.AgentRunListener;
import io.switchboard.core.event.MessageKind;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent bridge: numbers thinking steps, remembers each tool call's name and start to report
 * its duration, and emits through the run's emitter.
 */
public final class EmittingRunListener implements AgentRunListener {

    private record ToolCall(String toolName, long startedNanos) {
    }

    private final AgentEmitter emitter;
    private final AtomicInteger step = new AtomicInteger();
    private final Map<String, ToolCall> openCalls = new ConcurrentHashMap<>();

    /**
     * Creates the bridge; use {@link AgentRunListener#emittingTo}.
     *
     * @param emitter the run's emitter
     */
    public EmittingRunListener(AgentEmitter emitter) {
        this.emitter = emitter;
    }

    @Override
    public void runStarted(String agentName) {
        emitter.started(agentName);
    }

    @Override
    public void thinking(String thought) {
        emitter.thinking(thought, step.incrementAndGet());
    }

    @Override
    public void toolStarted(String toolCallId, String toolName, Map<String, Object> arguments) {
        openCalls.put(toolCallId, new ToolCall(toolName, System.nanoTime()));
        emitter.toolExecuting(toolCallId, toolName, arguments);
    }

    @Override
    public void toolFinished(String toolCallId, Object result, boolean succeeded) {
        ToolCall call = openCalls.remove(toolCallId);
        String toolName = call == null ? "unknown" : call.toolName();
        long millis = call == null ? 0 : (System.nanoTime() - call.startedNanos()) / 1_000_000;
        emitter.toolCompleted(toolCallId, toolName, succeeded, result, millis);
    }

    @Override
    public void messageStarted(String messageId, MessageKind kind) {
        emitter.messageStarted(messageId, kind);
    }

    @Override
    public void messageDelta(String messageId, String delta) {
        if (!delta.isEmpty()) {
            emitter.messageDelta(messageId, delta);
        }
    }

    @Override
    public void messageCompleted(String messageId) {
        emitter.messageCompleted(messageId);
    }

    @Override
    public void toolCallDelta(String toolCallId, String toolName, String argumentsDelta) {
        if (!argumentsDelta.isEmpty()) {
            emitter.toolCallDelta(toolCallId, toolName, argumentsDelta);
        }
    }

    @Override
    public void approvalRequested(String requestId, String toolCallId, String title,
            Object details) {
        emitter.approvalRequested(requestId, toolCallId, title, details);
    }

    @Override
    public void runCancelled(String reason) {
        emitter.cancelled(reason);
    }

    @Override
    public void runFinished(String answer) {
        emitter.completed(answer);
    }

    @Override
    public void runFailed(String error) {
        emitter.failed(error);
    }
}
