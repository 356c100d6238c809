package io.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.cluster.ClusterListener;
import io.switchboard.core.cluster.ClusterPort;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.event.ToolExecuting;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.core.testing.FakeConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Frames another instance forwards: numbered ones go through the stream's lock like local ones,
 * never twice to a connection, and never to a user who does not own their stream.
 */
@DisplayName("Frames from other instances")
class RemoteDeliveryTest {

    private static final UserId ALICE = UserId.of("alice");
    private static final ThreadId T1 = ThreadId.of("t-1");

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
        public int forward(Target target, TextFrame frame) {
            forwarded.add(frame);
            return 1;
        }

        @Override
        public void close() {
        }
    }

    @Test
    @DisplayName("a forwarded stream event is delivered once, even when it also came in a replay")
    void noDuplicates() {
        TwoInstances origin = new TwoInstances();
        TwoInstances here = new TwoInstances();
        ManagerHarness emitting = new ManagerHarness(c -> c, b -> b.cluster(origin));
        ManagerHarness receiving = new ManagerHarness(c -> c, b -> b.cluster(here));
        try (WebSocketManager a = emitting.manager; WebSocketManager b = receiving.manager) {
            FakeConnection tab = receiving.connect("alice");
            b.subscribe(tab.id(), T1);
            a.sendToThread(ALICE, T1, new ToolExecuting("c-1", "search", Map.of()));
            TextFrame frame = origin.forwarded.get(0);

            assertThat(here.listener.deliverLocally(new Target.Thread(ALICE, T1), frame)).isEqualTo(1);
            assertThat(here.listener.deliverLocally(new Target.Thread(ALICE, T1), frame))
                    .as("the same event again").isZero();
            assertThat(tab.framesOfType("tool_executing")).hasSize(1);
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
        }
    }
}
