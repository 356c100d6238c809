package io.switchboard.core.internal;

import io.switchboard.core.cluster.ClusterListener;
import io.switchboard.core.cluster.ClusterPort;
import io.switchboard.core.cluster.Forwarded;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.TextFrame;

/** The single-instance cluster: there is no other instance to tell or to forward to. */
public final class LocalOnlyCluster implements ClusterPort {

    @Override
    public void start(ClusterListener listener) {
        // Nothing arrives from elsewhere.
    }

    @Override
    public void connectionOpened(UserId user, ConnectionId connection) {
        // No registry to update.
    }

    @Override
    public void connectionClosed(UserId user, ConnectionId connection) {
        // No registry to update.
    }

    @Override
    public void roomJoined(RoomName room, ConnectionId connection) {
        // No registry to update.
    }

    @Override
    public void roomLeft(RoomName room, ConnectionId connection) {
        // No registry to update.
    }

    @Override
    public Forwarded forward(Target target, TextFrame frame) {
        return Forwarded.NONE;
    }

    @Override
    public void close() {
        // Nothing to leave.
    }
}
