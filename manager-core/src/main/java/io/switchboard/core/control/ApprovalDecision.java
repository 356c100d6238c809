package io.switchboard.core.control;

import io.switchboard.core.event.ApprovalDecided;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * A user's authorized decision on an approval request: the request's only one.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param requestId the request, as its {@code approval_requested} named it
 * @param decision approved or rejected
 * @param comment what the user added, if anything
 * @param run the run that asked
 * @param user its user, who decided
 * @param thread the run's thread
 * @param connection the connection that sent the {@code approval} frame
 */
public record ApprovalDecision(String requestId, ApprovalDecided.Decision decision,
        Optional<String> comment, RunId run, UserId user, ThreadId thread,
        ConnectionId connection) {

    /**
     * Checks the parts.
     *
     * @param requestId the request, as its {@code approval_requested} named it
     * @param decision approved or rejected
     * @param comment what the user added, if anything
     * @param run the run that asked
     * @param user its user, who decided
     * @param thread the run's thread
     * @param connection the connection that sent the {@code approval} frame
     */
    public ApprovalDecision {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(connection, "connection");
    }

    /**
     * Whether the user approved.
     *
     * @return {@code true} for {@link ApprovalDecided.Decision#APPROVED}
     */
    public boolean approved() {
        return decision == ApprovalDecided.Decision.APPROVED;
    }
}
