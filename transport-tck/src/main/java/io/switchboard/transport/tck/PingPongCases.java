package io.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.CloseReason;
import io.switchboard.core.Ticker;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.Connection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** WebSocket ping and pong control frames, through the connection SPI (heartbeat builds on it). */
abstract class PingPongCases extends KitCases {

    private final boolean seesClientPings;

    PingPongCases(ServerStarter starter, boolean seesClientPings) {
        super(starter);
        this.seesClientPings = seesClientPings;
    }

    @Test
    @DisplayName("Connection.sendPing reaches the client, and its pong reaches observers with the same payload")
    void serverPingClientPong() throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder client = deployment.connectAs("alice");
        Connection connection = deployment.observer().connection(client.connectionId());
        byte[] payload = "kit-ping-1".getBytes(StandardCharsets.US_ASCII);

        connection.sendPing(ByteBuffer.wrap(payload)).get(5, TimeUnit.SECONDS);

        assertThat(client.nextPing()).isEqualTo(payload);
        assertThat(deployment.observer().nextPong(Duration.ofSeconds(5))).isEqualTo(payload);
    }

    @Test
    @DisplayName("a client's ping is answered with a pong of the same payload")
    void clientPingAnswered() throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder client = deployment.connectAs("alice");
        byte[] payload = {1, 2, 3};

        client.ping(payload);

        assertThat(client.nextPong()).isEqualTo(payload);
    }

    @Test
    @DisplayName("a client's ping (a ping frame, or an application ping where the transport cannot see"
            + " ping frames) counts as activity: the stale sweep spares it and closes a silent one with 4002")
    void clientPingIsActivity() throws Exception {
        AtomicLong now = new AtomicLong();
        Ticker ticker = now::get;
        Deployment deployment = deploy(Setup.defaults().ticker(ticker)
                .config(config -> config.staleAfter(Duration.ofSeconds(10))));
        WebSocketRecorder active = deployment.connectAs("alice");
        WebSocketRecorder silent = deployment.connectAs("bob");

        now.addAndGet(Duration.ofSeconds(11).toNanos());
        // Transports report a ping to the manager before they answer it, so the pong means the
        // activity is recorded.
        if (seesClientPings) {
            active.ping(new byte[] {9});
            active.nextPong();
        } else {
            active.send("{\"type\":\"ping\"}");
            active.nextFrame("pong");
        }
        int closed = deployment.manager().closeStaleConnections();

        assertThat(closed).isEqualTo(1);
        assertThat(silent.nextClose().code()).isEqualTo(CloseReason.STALE.code());
        deployment.manager().sendToUser(UserId.of("alice"), KitEvents.tagged("alice", "alive", 1));
        active.nextFrame(KitEvents.TAGGED);
    }
}
