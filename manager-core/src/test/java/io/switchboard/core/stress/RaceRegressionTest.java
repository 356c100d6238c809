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
import io.switchboard.core.testing.FakeConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
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
            List<FakeConnection> members = new ArrayList<>();
            List<ConnectionId> served = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                // Writes complete inline, so this runs inside the broadcast's iteration: every
                // member already served leaves the room and joins it again.
                AtomicBoolean probed = new AtomicBoolean();
                FakeConnection member = FakeConnection.builder().id("c" + i).onSend((self, frame) -> {
                    if (frame.text().contains("\"probe\"") && probed.compareAndSet(false, true)) {
                        for (ConnectionId earlier : List.copyOf(served)) {
                            manager.leaveRoom(earlier, room);
                            manager.joinRoom(earlier, room);
                        }
                        served.add(self);
                    }
                }).build();
                members.add(member);
                manager.connect(UserId.of("u" + i), member);
                manager.joinRoom(member.id(), room);
            }

            SendOutcome outcome = manager.broadcastToRoom(room, ApplicationEvent.of("probe", Map.of()));

            int frames = members.stream().mapToInt(m -> m.framesOfType("probe").size()).sum();
            assertThat(frames).as("probe frames for 30 members, outcome %s", outcome).isEqualTo(30);
            assertThat(outcome.queuedLocal()).isEqualTo(30);
        }
    }
}
