package io.switchboard.core.cluster;

import io.switchboard.core.CloseReason;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.TextFrame;

/**
 * The manager's entry for traffic from other instances, attached through
 * {@link ClusterPort#start}. Implemented by the manager; a cluster port only calls it.
 *
 * <p>Thread-safe: may be called from any thread, concurrently. {@link #deliverLocally} and
 * {@link #closeLocally} never block on a client; they may read the replay log (bounded) to fill a
 * gap before a frame. {@link #verifyStreams()} reads the log and should run on a thread of the
 * port's own.
 */
public interface ClusterListener {

    /**
     * Delivers a frame another instance forwarded to this instance's connections matching
     * {@code target}. A numbered frame goes through its stream's order: a connection that already
     * has it does not get it again, and one that missed earlier events of the stream gets them from
     * the log first; routing only makes delivery fast, the log decides what a connection gets. A
     * delta frame ({@code message_delta}, {@code tool_call_delta}) is read back as a delta, so it
     * merges with the next delta of its message while it waits in a slow connection's queue.
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

    /**
     * Frames routed to this instance may have been lost (an inbox entry trimmed or lost in a
     * failover, Redis unreachable for a while, another instance died between storing and
     * forwarding): every stream with local connections is checked against the replay log, and
     * each connection gets what it is missing, or a {@code recovery_failed} saying what the log
     * lost. Bounded: one log read per stream, and one per connection that is behind.
     */
    void verifyStreams();
}
