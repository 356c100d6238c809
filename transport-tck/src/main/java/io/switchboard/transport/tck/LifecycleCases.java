package io.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.CloseReason;
import io.switchboard.core.id.UserId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How connections end: closed by the client, dropped, or closed by a server shutdown. */
abstract class LifecycleCases extends KitCases {

    LifecycleCases(ServerStarter starter) {
        super(starter);
    }

    @Test
    @DisplayName("a client's close is reported to the manager with the client's close code")
    void clientClose() throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder client = deployment.connectAs("alice");

        client.close(4100, "leaving");

        RecordingObserver.Removal removal = deployment.observer().nextRemoval(Duration.ofSeconds(5));
        assertThat(removal.user()).isEqualTo(UserId.of("alice"));
        assertThat(removal.reason().code()).isEqualTo(4100);
        assertThat(deployment.manager().stats().connections()).isZero();
    }

    @Test
    @DisplayName("a client that drops its TCP connection is removed from the manager with 1000")
    void clientDrop() throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder client = deployment.connectAs("alice");

        client.abort();

        RecordingObserver.Removal removal = deployment.observer().nextRemoval(Duration.ofSeconds(5));
        assertThat(removal.user()).isEqualTo(UserId.of("alice"));
        assertThat(removal.reason().code()).isEqualTo(CloseReason.NORMAL.code());
        assertThat(deployment.manager().stats().connections()).isZero();
    }

    @Test
    @DisplayName("server shutdown flushes queued events, then closes every client with 1001")
    void shutdownClosesEveryone() throws Exception {
        Deployment deployment = deploy();
        List<WebSocketRecorder> clients = List.of(deployment.connectAs("alice"),
                deployment.connectAs("alice"), deployment.connectAs("bob"));
        for (int n = 0; n < 5; n++) {
            deployment.manager().broadcastToAll(KitEvents.tagged("everyone", "before-shutdown", n));
        }

        deployment.manager().close();

        for (WebSocketRecorder client : clients) {
            for (int n = 0; n < 5; n++) {
                assertThat(client.nextFrame(KitEvents.TAGGED).at("/payload/n").asInt()).isEqualTo(n);
            }
            assertThat(client.nextClose().code()).isEqualTo(CloseReason.GOING_AWAY.code());
        }
    }

    @Test
    @DisplayName("a client connecting after shutdown is closed with 1001")
    void connectAfterShutdown() throws Exception {
        Deployment deployment = deploy();
        deployment.manager().close();

        WebSocketRecorder late = deployment.client().bearer("alice").connect();

        assertThat(late.nextClose().code()).isEqualTo(CloseReason.GOING_AWAY.code());
    }
}
