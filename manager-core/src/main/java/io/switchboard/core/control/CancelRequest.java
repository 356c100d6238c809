package io.switchboard.core.control;

import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import java.util.Objects;

/**
 * A user's authorized request to stop a run.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param run the run
 * @param user its user, who asked (the connection's authenticated user)
 * @param thread the run's thread
 * @param connection the connection that sent the {@code cancel} frame
 */
public record CancelRequest(RunId run, UserId user, ThreadId thread, ConnectionId connection) {

    /**
     * Checks the parts.
     *
     * @param run the run
     * @param user its user, who asked (the connection's authenticated user)
     * @param thread the run's thread
     * @param connection the connection that sent the {@code cancel} frame
     */
    public CancelRequest {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(connection, "connection");
    }
}
