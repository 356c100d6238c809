package io.switchboard.core.emit;

import io.switchboard.core.event.AgentEvent;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Emits the events of one run: bound to its user, thread and run, with one method per critical
 * event. Obtain one from {@code WebSocketManager.emitter(user, thread, run)}.
 *
 * <h2>Order and retries</h2>
 * Events are sent in the order they are emitted: an emit starts only after the previous one
 * finished, retries included. A transient failure (the replay log could not store the event, or
 * every target failed) is retried with the manager's {@link RetryPolicy}; a final failure is the
 * returned outcome, never an exception swallowed in a log.
 *
 * <h2>Threading</h2>
 * Thread-safe; no method blocks. Each returns a future completed (on the calling thread or the
 * manager's scheduler thread) with the outcome. After the manager shuts down, futures complete
 * with {@code SHUT_DOWN}.
 */
public interface AgentEmitter {

    /**
     * The user the run belongs to.
     *
     * @return the user
     */
    UserId user();

    /**
     * The thread the run belongs to.
     *
     * @return the thread
     */
    ThreadId thread();

    /**
     * The run.
     *
     * @return the run
     */
    RunId run();

    /**
     * Emits any event of the run.
     *
     * @param event the event
     * @return the outcome, once known
     */
    CompletableFuture<EmitOutcome> emit(AgentEvent event);

    /**
     * Emits {@code agent_started}.
     *
     * @param agentName the agent
     * @return the outcome, once known
     */
    CompletableFuture<EmitOutcome> started(String agentName);

    /**
     * Emits {@code agent_thinking} (droppable under backpressure).
     *
     * @param thought what the agent is doing
     * @param step the step number, from 1
     * @return the outcome, once known
     */
    CompletableFuture<EmitOutcome> thinking(String thought, int step);

    /**
     * Emits {@code tool_executing}.
     *
     * @param toolCallId the call's id
     * @param toolName the tool
     * @param arguments its arguments
     * @return the outcome, once known
     */
    CompletableFuture<EmitOutcome> toolExecuting(String toolCallId, String toolName,
            Map<String, Object> arguments);

    /**
     * Emits {@code tool_completed}.
     *
     * @param toolCallId the call's id
     * @param toolName the tool
     * @param succeeded whether the tool returned normally
     * @param result its result or failure description
     * @param durationMillis how long the call took
     * @return the outcome, once known
     */
    CompletableFuture<EmitOutcome> toolCompleted(String toolCallId, String toolName,
            boolean succeeded, Object result, long durationMillis);

    /**
     * Emits {@code agent_completed} for a run that produced its answer.
     *
     * @param answer the final answer
     * @return the outcome, once known
     */
    CompletableFuture<EmitOutcome> completed(String answer);

    /**
     * Emits {@code agent_completed} for a run that failed.
     *
     * @param error a description fit for the user
     * @return the outcome, once known
     */
    CompletableFuture<EmitOutcome> failed(String error);

    /**
     * Emits an application event.
     *
     * @param event the event
     * @return the outcome, once known
     */
    CompletableFuture<EmitOutcome> application(ApplicationEvent event);

    /**
     * What this emitter did so far.
     *
     * @return the counts
     */
    EmitterCounts counts();
}
