package io.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.id.UserId;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Idle and handshake timeouts, with short settings so the kit stays fast. */
abstract class TimeoutCases extends KitCases {

    /** The close code every transport sends when its idle timeout fires. */
    static final int IDLE_CLOSE_CODE = 1001;

    /** The close reason every transport sends when its idle timeout fires. */
    static final String IDLE_CLOSE_REASON = "idle timeout";

    private final boolean seesClientPings;

    TimeoutCases(ServerStarter starter, boolean seesClientPings) {
        super(starter);
        this.seesClientPings = seesClientPings;
    }

    private Deployment deployWithIdleTimeout() throws Exception {
        return deploy(Setup.defaults().settings(settings -> settings.idleTimeout(SHORT)));
    }

    private Deployment deployWithHandshakeTimeout() throws Exception {
        return deploy(Setup.defaults().settings(settings -> settings.handshakeTimeout(SHORT)));
    }

    @Test
    @DisplayName("a connection that sends nothing is closed with 1001 'idle timeout' after idleTimeout")
    void idleConnectionClosed() throws Exception {
        Deployment deployment = deployWithIdleTimeout();
        WebSocketRecorder silent = deployment.connectAs("alice");
        long connected = System.nanoTime();

        WebSocketRecorder.Close close = silent.nextClose(SHORT.plus(MARGIN));

        Duration after = Duration.ofNanos(System.nanoTime() - connected);
        assertThat(close.code()).isEqualTo(IDLE_CLOSE_CODE);
        assertThat(close.reason()).isEqualTo(IDLE_CLOSE_REASON);
        assertThat(after).as("time to the idle close").isGreaterThanOrEqualTo(SHORT.dividedBy(2));
        eventually("the idle connection is removed from the manager", MARGIN,
                () -> deployment.manager().stats().connections() == 0);
    }

    @Test
    @DisplayName("a connection that keeps sending text frames outlives idleTimeout")
    void textKeepsAlive() throws Exception {
        Deployment deployment = deployWithIdleTimeout();
        WebSocketRecorder client = deployment.connectAs("alice");

        keepBusyFor(SHORT.multipliedBy(3), client, busy -> {
            busy.send("{\"type\":\"ping\"}");
            busy.nextFrame("pong");
        });

        assertStillReceives(deployment, client);
    }

    @Test
    @DisplayName("a connection that keeps sending pings (ping frames, or application pings where the"
            + " transport cannot see ping frames) outlives idleTimeout")
    void pingsKeepAlive() throws Exception {
        Deployment deployment = deployWithIdleTimeout();
        WebSocketRecorder client = deployment.connectAs("alice");

        keepBusyFor(SHORT.multipliedBy(3), client, busy -> {
            if (seesClientPings) {
                busy.ping(new byte[] {7});
                busy.nextPong();
            } else {
                busy.send("{\"type\":\"ping\"}");
                busy.nextFrame("pong");
            }
        });

        assertStillReceives(deployment, client);
    }

    @Test
    @DisplayName("a TCP client that never starts the upgrade is disconnected after handshakeTimeout")
    void silentTcpClientDisconnected() throws Exception {
        Deployment deployment = deployWithHandshakeTimeout();
        RawSocketClient raw = deployment.raw(0);

        RawSocketClient.ServerClose close = raw.awaitServerClose(SHORT.plus(MARGIN));

        assertThat(close.how()).isIn("end of stream", "reset");
    }

    @Test
    @DisplayName("a client that sends half an upgrade request is disconnected after handshakeTimeout")
    void partialRequestDisconnected() throws Exception {
        Deployment deployment = deployWithHandshakeTimeout();
        RawSocketClient raw = deployment.raw(0);
        raw.sendRaw("GET " + deployment.uri().getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Upgrade: websocket\r\n");

        RawSocketClient.ServerClose close = raw.awaitServerClose(SHORT.plus(MARGIN));

        assertThat(close.how()).isIn("end of stream", "reset");
    }

    @Test
    @DisplayName("the handshake timeout does not apply to a connection once upgraded")
    void upgradedConnectionOutlivesHandshakeTimeout() throws Exception {
        Deployment deployment = deployWithHandshakeTimeout();
        WebSocketRecorder client = deployment.connectAs("alice");

        client.assertNoMoreFramesWithin(SHORT.multipliedBy(2));

        assertStillReceives(deployment, client);
    }

    // Repeats one exchange, pausing briefly between rounds (and checking nothing else arrives).
    private static void keepBusyFor(Duration total, WebSocketRecorder client,
            Consumer<WebSocketRecorder> exchange) {
        long end = System.nanoTime() + total.toNanos();
        while (System.nanoTime() - end < 0) {
            exchange.accept(client);
            client.assertNoMoreFramesWithin(SHORT.dividedBy(4));
        }
    }

    private static void assertStillReceives(Deployment deployment, WebSocketRecorder client) {
        deployment.manager().sendToUser(UserId.of("alice"), KitEvents.tagged("alice", "alive", 1));
        assertThat(client.nextFrame(KitEvents.TAGGED).at("/payload/for").asText()).isEqualTo("alice");
    }
}
