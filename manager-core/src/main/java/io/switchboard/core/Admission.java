package io.switchboard.core;

import io.switchboard.core.id.ConnectionId;
import java.util.Objects;
import java.util.Optional;

/**
 * The manager's answer to {@code connect}: the connection was accepted (possibly evicting the
 * user's oldest connection) or refused (and already closed with the reason given).
 *
 * <p>Immutable; safe to share between threads.
 */
public sealed interface Admission {

    /**
     * Whether the connection was admitted.
     *
     * @return {@code true} for {@link Accepted}
     */
    boolean accepted();

    /**
     * The connection is registered and receives events.
     *
     * @param evicted the user's oldest connection, closed with {@link CloseReason#EVICTED} to stay
     *     within the per-user limit, if any
     */
    record Accepted(Optional<ConnectionId> evicted) implements Admission {
        /**
         * Creates the answer.
         *
         * @param evicted the user's oldest connection, closed with {@link CloseReason#EVICTED} to stay
         *     within the per-user limit, if any
         */
        public Accepted {
            Objects.requireNonNull(evicted, "evicted");
        }

        @Override
        public boolean accepted() {
            return true;
        }
    }

    /**
     * The connection was refused and has been closed with {@code reason}; nothing else changed.
     *
     * @param reason the close code and reason sent to the client (1013 when the total limit is
     *     reached, 1001 while the manager shuts down)
     */
    record Refused(CloseReason reason) implements Admission {
        /**
         * Creates the answer.
         *
         * @param reason the close code and reason sent to the client (1013 when the total limit is
         *     reached, 1001 while the manager shuts down)
         */
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean accepted() {
            return false;
        }
    }
}
