package io.switchboard.core.cluster;

import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.UserId;
import io.switchboard.core.internal.LocalOnlyCluster;
import io.switchboard.core.spi.TextFrame;
import java.util.Optional;

/**
 * How one manager reaches the connections held by other instances. The manager keeps the port
 * informed of where its connections are ({@link #connectionOpened}, {@link #roomJoined}...), and
 * for each send asks it to {@link #forward} the encoded frame to the instances that hold targets.
 * An implementation routes by its registry: only instances that hold a target receive the frame.
 *
 * <p>The default, {@link #localOnly()}, is a single instance: nothing is remote. The Redis module
 * provides a distributed implementation. A cluster port is not a manager: it never holds
 * connections; remote frames come back through the {@link ClusterListener} the manager attaches.
 *
 * <p>A port may bring its own {@link #replayLog()}, shared by every instance; the manager then
 * stores every stream event in it (and in no other log) and lets it route them. Otherwise stream
 * events are stored in the manager's log and forwarded with {@link #forward} like any frame.
 *
 * <h2>Threading</h2>
 * Every method may be called from any thread, concurrently, and must not block on I/O: registry
 * updates and forwards are sent asynchronously. {@link #start} is called once, before any other
 * method; {@link #close()} once, last.
 */
public interface ClusterPort extends AutoCloseable {

    /**
     * The single-instance cluster: every target is local, {@link #forward} reaches no instance.
     *
     * @return a new local-only port
     */
    static ClusterPort localOnly() {
        return new LocalOnlyCluster();
    }

    /**
     * The replay log this port numbers streams with for the whole cluster, if it has one. When
     * present the manager uses it for every stream and refuses to be built with another log.
     *
     * @return the port's log, or empty (the default) if the manager's own log is used
     */
    default Optional<ClusterReplayLog> replayLog() {
        return Optional.empty();
    }

    /**
     * Attaches the manager. Frames and commands from other instances go to {@code listener}.
     *
     * @param listener the manager's entry for remote traffic
     */
    void start(ClusterListener listener);

    /**
     * A connection of {@code user} was admitted on this instance.
     *
     * @param user the user
     * @param connection the connection
     */
    void connectionOpened(UserId user, ConnectionId connection);

    /**
     * A connection of {@code user} on this instance was removed.
     *
     * @param user the user
     * @param connection the connection
     */
    void connectionClosed(UserId user, ConnectionId connection);

    /**
     * A connection on this instance joined {@code room}.
     *
     * @param room the room
     * @param connection the connection
     */
    void roomJoined(RoomName room, ConnectionId connection);

    /**
     * A connection on this instance left {@code room}, or was removed while a member.
     *
     * @param room the room
     * @param connection the connection
     */
    void roomLeft(RoomName room, ConnectionId connection);

    /**
     * Sends {@code frame} to the other instances that hold connections matching {@code target}.
     * This instance's own connections are served by the manager, not by this call. Stream events
     * of a port with its own {@link #replayLog()} are routed by that log, not by this method.
     *
     * @param target whom the frame is for
     * @param frame the encoded frame, the same bytes local targets get
     * @return how many other instances the frame was handed to, and for how many that failed
     */
    Forwarded forward(Target target, TextFrame frame);

    /**
     * Cluster-wide figures for the stats snapshot. Must be quick: an implementation answers from
     * figures it refreshes in the background, never with a blocking call.
     *
     * @return the figures, or empty for a single instance
     */
    default Optional<ClusterStats> globalStats() {
        return Optional.empty();
    }

    /** Leaves the cluster: this instance's registry entries are withdrawn. Idempotent. */
    @Override
    void close();
}
