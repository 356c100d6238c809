package io.switchboard.core.emit;

import io.switchboard.core.control.ApprovalDecision;
import io.switchboard.core.control.CancelRequest;
import io.switchboard.core.event.AgentEvent;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.event.MessageKind;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Emits the events of one run: bound to its user, thread and run, with one method per event of
 * the vocabulary, and the user's requests to the run ({@link #cancellation()},
 * {@link #decision(String)}). Obtain one from {@code WebSocketManager.emitter(user, thread, run)}.
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
 * with {@code SHUT_DOWN}. Emits that end the same way may be handed the same completed future:
 * completing it again does nothing, and {@code obtrudeValue} and {@code obtrudeException} throw
 * {@link UnsupportedOperationException}.
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
     * Emits {@code agent_completed} for a run stopped on request (for example after
     * {@link #cancellation()} completed).
     *
     * @param reason why, fit for the user; may be null
     * @return the outcome, once known
     */
    CompletableFuture<EmitOutcome> cancelled(String reason);

    /**
     * Emits {@code message_started}: a message of the answer, or of the model's reasoning, begins.
     *
     * @param messageId identifies the message within the run
     * @param kind text or reasoning
     * @return the outcome, once known
     */
    CompletableFuture<EmitOutcome> messageStarted(String messageId, MessageKind kind);

    /**
     * Emits {@code message_delta}: the next characters of a message. Never dropped. With the
     * manager's {@code deltaFlushInterval} set, consecutive deltas of one message are held for at
     * most that long and sent as one delta (their concatenation); they then share one future,
     * which completes when that delta is sent, and any other emit sends them first.
     *
     * @param messageId the message
     * @param delta the next characters; not empty
     * @return the outcome, once known
     * @throws IllegalArgumentException if {@code delta} is empty
     */
    CompletableFuture<EmitOutcome> messageDelta(String messageId, String delta);

    /**
     * Emits {@code message_completed}.
     *
     * @param messageId the message
     * @return the outcome, once known
     */
    CompletableFuture<EmitOutcome> messageCompleted(String messageId);

    /**
     * Emits {@code tool_call_delta}: the next characters of a tool call's arguments, before
     * {@link #toolExecuting} carries them whole. Held and merged like {@link #messageDelta}.
     *
     * @param toolCallId the call
     * @param toolName the tool
     * @param argumentsDelta the next characters; not empty
     * @return the outcome, once known
     * @throws IllegalArgumentException if {@code argumentsDelta} is empty
     */
    CompletableFuture<EmitOutcome> toolCallDelta(String toolCallId, String toolName,
            String argumentsDelta);

    /**
     * Emits {@code approval_requested} and waits for nothing: the user's decision completes
     * {@link #decision(String)}.
     *
     * @param requestId identifies the request among the user's pending ones
     * @param toolCallId the tool call it is about, or null
     * @param title what the user is asked
     * @param details more to show (serialized with Jackson), or null
     * @return the outcome, once known
     */
    CompletableFuture<EmitOutcome> approvalRequested(String requestId, String toolCallId,
            String title, Object details);

    /**
     * The user's decision on one of this run's approval requests, from whichever tab decided
     * first. Completing the returned future has no effect on the run.
     *
     * @param requestId the request
     * @return a future completed with the decision (on the thread that received it)
     */
    CompletableFuture<ApprovalDecision> decision(String requestId);

    /**
     * The user's request to stop this run, if one comes. A disconnect never completes it.
     * Completing the returned future has no effect on the run.
     *
     * @return a future completed with the request (on the thread that received it)
     */
    CompletableFuture<CancelRequest> cancellation();

    /**
     * Whether the user asked to stop this run: a cheap check for a generation loop.
     *
     * @return {@code true} once {@link #cancellation()} completed
     */
    boolean isCancelled();

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
