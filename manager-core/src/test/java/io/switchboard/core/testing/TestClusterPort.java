package io.switchboard.core.testing;

import io.switchboard.core.cluster.ClusterListener;
import io.switchboard.core.cluster.ClusterPort;
import io.switchboard.core.cluster.ClusterReplayLog;
import io.switchboard.core.cluster.Forwarded;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.TextFrame;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An instance's cluster port for core's unit tests: it brings a {@link SharedClusterLog} view (or
 * no replay log at all), keeps the listener the manager attached (the test delivers remote frames through it) and the
 * frames it was asked to forward. It is a cluster port, not a manager.
 */
public final class TestClusterPort implements ClusterPort {

    private final Optional<ClusterReplayLog> log;
    private final List<TextFrame> forwarded = new CopyOnWriteArrayList<>();
    private volatile ClusterListener listener;

    /** A port that brings {@code log}, the view of the cluster's replay log. */
    public TestClusterPort(ClusterReplayLog log) {
        this.log = Optional.of(log);
    }

    /** A port without a replay log: the other instances only route. */
    public TestClusterPort() {
        this.log = Optional.empty();
    }

    /** The manager's entry for remote traffic, once started. */
    public ClusterListener listener() {
        return listener;
    }

    /** Frames outside streams the manager forwarded. */
    public List<TextFrame> forwarded() {
        return forwarded;
    }

    @Override
    public Optional<ClusterReplayLog> replayLog() {
        return log;
    }

    @Override
    public void start(ClusterListener listener) {
        this.listener = listener;
    }

    @Override
    public void connectionOpened(UserId user, ConnectionId connection) {
        // The test routes by hand.
    }

    @Override
    public void connectionClosed(UserId user, ConnectionId connection) {
        // The test routes by hand.
    }

    @Override
    public void roomJoined(RoomName room, ConnectionId connection) {
        // The test routes by hand.
    }

    @Override
    public void roomLeft(RoomName room, ConnectionId connection) {
        // The test routes by hand.
    }

    @Override
    public Forwarded forward(Target target, TextFrame frame) {
        forwarded.add(frame);
        return new Forwarded(1, 0);
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
