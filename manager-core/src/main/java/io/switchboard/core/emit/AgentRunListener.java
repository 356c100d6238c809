package io.switchboard.core.emit;

import io.switchboard.core.internal.EmittingRunListener;
import java.util.Map;

/**
 * The agent bridge: what an agent runtime calls as a run progresses, mapped onto an
 * {@link AgentEmitter}. The runtime need not know the wire events: thinking steps are numbered and
 * tool durations measured for it.
 *
 * <p>Thread-safe. Calls return at once; the emitter keeps their order.
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
