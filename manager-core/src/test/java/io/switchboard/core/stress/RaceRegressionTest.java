package io.switchboard.core.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.CloseReason;
import io.switchboard.core.ManagerConfig;
import io.switchboard.core.SendOutcome;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.TextFrame;
import io.switchboard.core.testing.FakeConnection;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Races the stress test found once, pinned down so they stay fixed. */
@DisplayName("Race regressions")
class RaceRegressionTest {

    private static WebSocketManager manager() {
        return WebSocketManager.builder().config(ManagerConfig.builder().maxConnectionsPerUser(3)
                .maxConnections(100).staleSweepInterval(Duration.ZERO).build()).build();
    }

    @Test
    @DisplayName("connect racing disconnectUser leaves no removed connection behind in the id index")
    void connectRacingDisconnectUser() throws Exception {
        try (WebSocketManager manager = manager()) {
            UserId user = UserId.of("u");
            AtomicBoolean stop = new AtomicBoolean();
            Thread remover = new Thread(() -> {
                while (!stop.get()) {
                    manager.disconnectUser(user, CloseReason.NORMAL);
                }
            });
            remover.start();
            for (int i = 0; i < 50_000; i++) {
                manager.connect(user, new FakeConnection());
            }
            stop.set(true);
            remover.join();
            manager.disconnectUser(user, CloseReason.NORMAL);

            SendOutcome outcome = manager.broadcastToAll(ApplicationEvent.of("probe", Map.of()));

            assertThat(outcome.failedLocal()).as("removed connections still indexed: %s", outcome).isZero();
            assertThat(manager.stats().connections()).isZero();
        }
    }

    @Test
    @DisplayName("a member that leaves and rejoins during a room broadcast receives it once")
    void rejoinDuringBroadcast() {
        RoomName room = RoomName.of("room");
        try (WebSocketManager manager = manager()) {
            List<TogglingConnection> members = new ArrayList<>();
            List<ConnectionId> served = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                // Writes complete inline, so this runs inside the broadcast's iteration: every
                // member already served leaves the room and joins it again.
                TogglingConnection member = new TogglingConnection("c" + i, self -> {
                    for (ConnectionId earlier : List.copyOf(served)) {
                        manager.leaveRoom(earlier, room);
                        manager.joinRoom(earlier, room);
                    }
                    served.add(self);
                });
                members.add(member);
                manager.connect(UserId.of("u" + i), member);
                manager.joinRoom(member.id(), room);
            }

            SendOutcome outcome = manager.broadcastToRoom(room, ApplicationEvent.of("probe", Map.of()));

            int frames = members.stream().mapToInt(m -> m.recorded.framesOfType("probe").size()).sum();
            assertThat(frames).as("probe frames for 30 members, outcome %s", outcome).isEqualTo(30);
            assertThat(outcome.queuedLocal()).isEqualTo(30);
        }
    }

    /** A connection that runs a hook the first time it writes a probe frame. */
    private static final class TogglingConnection implements Connection {
        private final FakeConnection recorded;
        private final Consumer<ConnectionId> onFirstProbe;
        private boolean probed;

        TogglingConnection(String id, Consumer<ConnectionId> onFirstProbe) {
            this.recorded = new FakeConnection(ConnectionId.of(id));
            this.onFirstProbe = onFirstProbe;
        }

        @Override
        public ConnectionId id() {
            return recorded.id();
        }

        @Override
        public Optional<InetSocketAddress> remoteAddress() {
            return Optional.empty();
        }

        @Override
        public boolean isOpen() {
            return recorded.isOpen();
        }

        @Override
        public CompletableFuture<Void> send(TextFrame frame) {
            CompletableFuture<Void> written = recorded.send(frame);
            if (!probed && frame.text().contains("\"probe\"")) {
                probed = true;
                onFirstProbe.accept(id());
            }
            return written;
        }

        @Override
        public CompletableFuture<Void> sendPing(ByteBuffer payload) {
            return recorded.sendPing(payload);
        }

        @Override
        public void close(CloseReason reason) {
            recorded.close(reason);
        }

        @Override
        public ConcurrentMap<String, Object> attributes() {
            return recorded.attributes();
        }
    }
}
