package io.switchboard.core.spi;

import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.id.UserId;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Lifecycle hooks: how modules such as heartbeat and metrics follow the manager's connections
 * without being managers themselves.
 *
 * <h2>Threading</h2>
 * Callbacks run synchronously on the thread that caused them (a transport thread, an application
 * thread, or the manager's sweeper) and must return quickly without blocking. For one connection,
 * {@link #onConnected} happens before any other callback and {@link #onDisconnected} is the last
 * one; no callback for that connection follows it. {@link #onManagerStarted} comes before every
 * other callback and {@link #onManagerClosed} after every one. An exception thrown by an observer
 * is logged and otherwise ignored.
 */
public interface ConnectionObserver {

    /**
     * The manager this observer was added to has been built. An observer that acts on connections
     * (the heartbeat closes dead ones) keeps the manager to call it; one that starts a thread
     * starts it here.
     *
     * @param manager the manager
     */
    default void onManagerStarted(WebSocketManager manager) {
    }

    /**
     * The manager has closed every connection and is stopping: stop any thread started for it.
     * Called once, on the thread that called {@code close()}.
     */
    default void onManagerClosed() {
    }

    /**
     * Liveness figures this observer measures (the heartbeat does), for the manager's stats
     * snapshot. Called from any thread; must be quick.
     *
     * @return the figures, or empty if this observer measures none
     */
    default Optional<LivenessStats> liveness() {
        return Optional.empty();
    }

    /**
     * A connection was admitted.
     *
     * @param user the user it belongs to
     * @param connection the connection
     */
    default void onConnected(UserId user, Connection connection) {
    }

    /**
     * A connection was removed: closed by either side, evicted, found stale, or shut down. Called
     * exactly once per admitted connection; the last callback for it.
     *
     * @param user the user it belonged to
     * @param connection the connection
     * @param reason why it was removed
     */
    default void onDisconnected(UserId user, Connection connection, CloseReason reason) {
    }

    /**
     * The peer answered a ping.
     *
     * @param connection the connection
     * @param payload the pong's payload (a read-only view)
     */
    default void onPong(Connection connection, ByteBuffer payload) {
    }
}
