package io.switchboard.core.control;

/**
 * Receives what users ask of their runs: a cancel, or the decision on an approval request. The
 * manager hands over only requests it authorized: the run (for a decision, the run that asked) is
 * the requesting connection's user's own, and the run has not ended. Each run's cancel is handed
 * over once, each request's decision once, whichever tab sent it. A disconnect is never a cancel.
 * The run's emitter sees the same (its {@code cancellation()} and {@code decision(..)}), so an
 * agent runtime can listen there instead.
 *
 * <h2>Threading</h2>
 * Called on the transport thread that received the client's frame, after the manager has answered
 * the client and sent {@code cancel_requested} or {@code approval_decided} to the user's tabs.
 * Must not block: hand long work to an executor of the application's. An exception is logged and
 * changes nothing else.
 */
public interface RunControl {

    /**
     * A user asked to stop one of their runs.
     *
     * @param request who asked, for which run
     */
    default void onCancel(CancelRequest request) {
    }

    /**
     * A user decided an approval request of one of their runs.
     *
     * @param decision the decision
     */
    default void onApproval(ApprovalDecision decision) {
    }
}
