package io.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.cluster.ClusterListener;
import io.switchboard.core.cluster.ClusterPort;
import io.switchboard.core.cluster.Forwarded;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.core.testing.FakeConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Frames another instance forwards: a numbered frame never reaches a user who does not own its
 * stream, whatever the cluster's routing says.
 */
@DisplayName("Frames from other instances")
class RemoteDeliveryTest {

    private static final UserId ALICE = UserId.of("alice");

    /** Plays the other instances: records what this one forwards, hands frames to its listener. */
    private static final class TwoInstances implements ClusterPort {
        final List<TextFrame> forwarded = new CopyOnWriteArrayList<>();
        ClusterListener listener;

        @Override
        public void start(ClusterListener listener) {
            this.listener = listener;
        }

        @Override
        public void connectionOpened(UserId user, ConnectionId connection) {
        }

        @Override
        public void connectionClosed(UserId user, ConnectionId connection) {
        }

        @Override
        public void roomJoined(RoomName room, ConnectionId connection) {
        }

        @Override
        public void roomLeft(RoomName room, ConnectionId connection) {
        }

        @Override
        public Forwarded forward(Target target, TextFrame frame) {
            forwarded.add(frame);
            return new Forwarded(1, 0);
        }

        @Override
        public void close() {
        }
    }

    @Test
    @DisplayName("a forwarded frame of one user's stream never reaches another user")
    void isolationHoldsWhateverTheRouting() {
        TwoInstances origin = new TwoInstances();
        TwoInstances here = new TwoInstances();
        ManagerHarness emitting = new ManagerHarness(c -> c, b -> b.cluster(origin));
        ManagerHarness receiving = new ManagerHarness(c -> c, b -> b.cluster(here));
        try (WebSocketManager a = emitting.manager; WebSocketManager b = receiving.manager) {
            FakeConnection bob = receiving.connect("bob");
            a.sendToUser(ALICE, new ToolExecuting("c-1", "search", Map.of()));

            int queued = here.listener.deliverLocally(new Target.User(UserId.of("bob")),
                    origin.forwarded.get(0));

            assertThat(queued).isZero();
            assertThat(bob.framesOfType("tool_executing")).isEmpty();
            FakeConnection alice = receiving.connect("alice");
            assertThat(here.listener.deliverLocally(new Target.User(ALICE), origin.forwarded.get(0)))
                    .as("its own user gets it").isEqualTo(1);
            assertThat(alice.framesOfType("tool_executing")).hasSize(1);
        }
    }
}
