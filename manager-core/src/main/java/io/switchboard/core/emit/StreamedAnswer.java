package io.switchboard.core.emit;

import io.switchboard.core.internal.EmittingStreamedAnswer;

/**
 * A model's streamed answer, mapped onto the events of one run: what a bridge from a model
 * framework (Spring AI, LangChain4j, your own) feeds as the model produces it. It keeps the
 * bookkeeping every such bridge needs, once:
 *
 * <ul>
 *   <li>Reasoning and text arrive as deltas; each run of deltas of one kind is one message
 *       ({@code message_started}, {@code message_delta}..., {@code message_completed}), with ids
 *       {@code <run>:m1}, {@code <run>:m2}..., unique in the thread's stream. A delta of the other kind, a
 * tool call or the end of
 *       the run completes the open message first.
 *   <li>Tool calls: {@link #toolCallDelta} streams a call's arguments, {@link #toolExecuting} and
 *       {@link #toolCompleted} report its execution.
 *   <li>The run ends exactly once: {@link #completed()} (the answer is the text of every text
 *       message, concatenated), {@link #failed}, or {@link #cancelled}; anything fed afterwards is
 *       ignored, so a model that keeps streaming after a cancel or an error emits nothing more.
 *   <li>{@link #onCancel} connects the user's {@code cancel} to the model call's own cancellation.
 * </ul>
 *
 * <h2>Threading</h2>
 * Thread-safe: model frameworks call back on their own threads (an HTTP client's, a tool
 * executor's). Calls are serialized, and the emitter keeps their order. No method blocks.
 */
public interface StreamedAnswer {

    /**
     * The answer of {@code emitter}'s run.
     *
     * @param emitter the run's emitter
     * @return a new answer, with no message open
     */
    static StreamedAnswer of(AgentEmitter emitter) {
        return new EmittingStreamedAnswer(emitter);
    }

    /**
     * The next characters of the model's reasoning. Empty deltas are ignored.
     *
     * @param delta the characters
     */
    void reasoning(String delta);

    /**
     * The next characters of the answer's text. Empty deltas are ignored.
     *
     * @param delta the characters
     */
    void text(String delta);

    /**
     * The next characters of a tool call's arguments, as the model generates them. Empty deltas
     * are ignored.
     *
     * @param toolCallId the call's id
     * @param toolName the tool
     * @param argumentsDelta the characters
     */
    void toolCallDelta(String toolCallId, String toolName, String argumentsDelta);

    /**
     * A tool call starts executing, with its complete arguments.
     *
     * @param toolCallId the call's id
     * @param toolName the tool
     * @param argumentsJson the arguments as the model wrote them: a JSON object becomes the
     *     event's arguments; anything else is carried as {@code {"arguments": "<text>"}}
     */
    void toolExecuting(String toolCallId, String toolName, String argumentsJson);

    /**
     * A tool call returned.
     *
     * @param toolCallId the call's id
     * @param toolName the tool
     * @param succeeded whether it returned normally
     * @param result what it returned, or its failure description
     * @param durationMillis how long it ran
     */
    void toolCompleted(String toolCallId, String toolName, boolean succeeded, Object result,
            long durationMillis);

    /**
     * The model finished: the open message completes and the run ends with its answer.
     *
     * @return {@code true} if this ended the run, {@code false} if it had already ended
     */
    boolean completed();

    /**
     * The model call failed: the open message completes and the run ends as failed.
     *
     * @param error a description fit for the user (never a stack trace or a secret)
     * @return {@code true} if this ended the run
     */
    boolean failed(String error);

    /**
     * The run was stopped on request: the open message completes and the run ends as cancelled.
     *
     * @param reason why, fit for the user; may be null
     * @return {@code true} if this ended the run
     */
    boolean cancelled(String reason);

    /**
     * Whether the run has ended, one way or another.
     *
     * @return {@code true} once {@link #completed}, {@link #failed} or {@link #cancelled} ended it
     */
    boolean isEnded();

    /**
     * When the run's user cancels it (the emitter's {@code cancellation()}), ends the run as
     * cancelled and then runs {@code stopModel}, which should cancel the model call. If the run
     * has already ended, {@code stopModel} is not run. Runs at once if the cancel already came.
     *
     * @param stopModel cancels the model call (disposes a subscription, cancels a stream handle)
     */
    void onCancel(Runnable stopModel);
}
