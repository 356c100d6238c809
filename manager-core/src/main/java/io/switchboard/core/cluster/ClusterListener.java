package io.switchboard.core.cluster;

import io.switchboard.core.CloseReason;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.TextFrame;

/**
 * The manager's entry for traffic from other instances, attached through
 * {@link ClusterPort#start}. Implemented by the manager; a cluster port only calls it.
 *
 * <p>Thread-safe: may be called from any thread, concurrently. Never blocks.
 */
public interface ClusterListener {

    /**
     * Delivers a frame another instance forwarded to this instance's connections matching
     * {@code target}.
     *
     * @param target whom the frame is for
     * @param frame the encoded frame
     * @return how many local connections it was queued for
     */
    int deliverLocally(Target target, TextFrame frame);

    /**
     * Closes a connection of this instance on another instance's request (for example to enforce
     * a cluster-wide per-user limit).
     *
     * @param connection the connection
     * @param reason the close code and reason
     * @return {@code true} if this instance held the connection
     */
    boolean closeLocally(ConnectionId connection, CloseReason reason);
}
