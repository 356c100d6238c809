package io.switchboard.core.emit;

import io.switchboard.core.internal.EmittingRunListener;
import io.switchboard.core.event.MessageKind;
import java.util.Map;

/**
 * The agent bridge: what an agent runtime calls as a run progresses, mapped onto an
 * {@link AgentEmitter}. The runtime need not know the wire events: thinking steps are numbered and
 * tool durations measured for it.
 *
 * <p>Thread-safe. Calls return at once; the emitter keeps their order and retries, so a delta is
 * never overtaken by a later event of the run.
 */
public interface AgentRunListener {

    /**
     * A listener that emits through {@code emitter}.
     *
     * @param emitter the run's emitter
     * @return the listener
     */
    static AgentRunListener emittingTo(AgentEmitter emitter) {
        return new EmittingRunListener(emitter);
    }

    /**
     * The run started.
     *
     * @param agentName the agent
     */
    void runStarted(String agentName);

    /**
     * The agent reports progress.
     *
     * @param thought what it is doing
     */
    void thinking(String thought);

    /**
     * The agent calls a tool.
     *
     * @param toolCallId the call's id
     * @param toolName the tool
     * @param arguments its arguments
     */
    void toolStarted(String toolCallId, String toolName, Map<String, Object> arguments);

    /**
     * A tool call returned.
     *
     * @param toolCallId the call's id, as given to {@link #toolStarted}
     * @param result what it returned, or its failure description
     * @param succeeded whether it returned normally
     */
    void toolFinished(String toolCallId, Object result, boolean succeeded);

    /**
     * A message of the answer, or of the model's reasoning, starts streaming.
     *
     * @param messageId identifies it within the run
     * @param kind text or reasoning
     */
    void messageStarted(String messageId, MessageKind kind);

    /**
     * The next characters of a message (a model's partial response). An empty delta is ignored.
     *
     * @param messageId the message
     * @param delta the characters
     */
    void messageDelta(String messageId, String delta);

    /**
     * A message is complete.
     *
     * @param messageId the message
     */
    void messageCompleted(String messageId);

    /**
     * The next characters of a tool call's arguments, as the model generates them. An empty delta
     * is ignored.
     *
     * @param toolCallId the call
     * @param toolName the tool
     * @param argumentsDelta the characters
     */
    void toolCallDelta(String toolCallId, String toolName, String argumentsDelta);

    /**
     * The run needs the user's approval before it goes on; the decision arrives through the
     * emitter's {@code decision(requestId)} or the manager's run-control handler.
     *
     * @param requestId identifies the request
     * @param toolCallId the tool call it is about, or null
     * @param title what the user is asked
     * @param details more to show, or null
     */
    void approvalRequested(String requestId, String toolCallId, String title, Object details);

    /**
     * The run stopped because the user asked it to.
     *
     * @param reason why, fit for the user; may be null
     */
    void runCancelled(String reason);

    /**
     * The run produced its answer.
     *
     * @param answer the final answer
     */
    void runFinished(String answer);

    /**
     * The run failed.
     *
     * @param error a description fit for the user
     */
    void runFailed(String error);
}
