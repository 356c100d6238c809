package io.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.CloseReason;
import io.switchboard.core.SendOutcome;
import io.switchboard.core.id.UserId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The per-user and total connection limits, as clients see them. */
abstract class LimitCases extends KitCases {

    LimitCases(ServerStarter starter) {
        super(starter);
    }

    @Test
    @DisplayName("a connection beyond the per-user limit evicts that user's oldest, which sees close 4001")
    void perUserLimitEvictsOldest() throws Exception {
        Deployment deployment = deploy(Setup.defaults()
                .config(config -> config.maxConnectionsPerUser(2).maxConnections(10)));
        WebSocketRecorder oldest = deployment.connectAs("alice");
        WebSocketRecorder middle = deployment.connectAs("alice");
        WebSocketRecorder bob = deployment.connectAs("bob");

        WebSocketRecorder newest = deployment.connectAs("alice");

        WebSocketRecorder.Close close = oldest.nextClose();
        assertThat(close.code()).isEqualTo(CloseReason.EVICTED.code());
        assertThat(close.reason()).isEqualTo(CloseReason.EVICTED.reason());
        SendOutcome outcome = deployment.manager().sendToUser(UserId.of("alice"),
                KitEvents.tagged("alice", "limit", 1));
        assertThat(outcome.queuedLocal()).isEqualTo(2);
        middle.nextFrame(KitEvents.TAGGED);
        newest.nextFrame(KitEvents.TAGGED);
        deployment.manager().sendToUser(UserId.of("bob"), KitEvents.tagged("bob", "limit", 1));
        bob.nextFrame(KitEvents.TAGGED);
    }

    @Test
    @DisplayName("a connection beyond the total limit is closed with 1013, evicting nobody; a freed slot admits again")
    void totalLimitRefuses() throws Exception {
        Deployment deployment = deploy(Setup.defaults()
                .config(config -> config.maxConnectionsPerUser(1).maxConnections(2)));
        WebSocketRecorder alice = deployment.connectAs("alice");
        WebSocketRecorder bob = deployment.connectAs("bob");

        WebSocketRecorder carol = deployment.client().bearer("carol").connect();

        assertThat(carol.nextClose().code()).isEqualTo(CloseReason.TRY_AGAIN_LATER.code());
        SendOutcome outcome = deployment.manager().broadcastToAll(
                KitEvents.tagged("everyone", "limit", 1));
        assertThat(outcome.queuedLocal()).isEqualTo(2);
        for (WebSocketRecorder admitted : List.of(alice, bob)) {
            admitted.nextFrame(KitEvents.TAGGED);
        }

        bob.close(1000, "bye");
        eventually("bob's connection is removed from the manager", Duration.ofSeconds(5),
                () -> deployment.manager().stats().connections() == 1);
        WebSocketRecorder carolAgain = deployment.connectAs("carol");
        assertThat(carolAgain.connectionId()).isNotBlank();
    }
}
