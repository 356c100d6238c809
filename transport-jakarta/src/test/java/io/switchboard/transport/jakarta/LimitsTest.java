package io.switchboard.transport.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The transport's own limits close with the documented codes")
class LimitsTest {

    private WebSocketManager manager;
    private TyrusTestServer server;

    private URI start(TransportSettings.Builder settings) throws Exception {
        manager = WebSocketManager.builder().build();
        TransportSettings built = settings.build();
        server = TyrusTestServer.start(SwitchboardJakarta.endpointConfig(manager, built),
                built);
        return server.webSocketUri();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    @DisplayName("a text message over maxMessageBytes is closed with 1009 by the container")
    void oversizeAsciiText() throws Exception {
        URI uri = start(TransportSettings.builder(Fixtures.bearerTokens()).maxMessageBytes(1024));
        TestClient client = TestClient.connectAs(uri, "alice");
        client.nextFrame();

        client.socket().sendText("x".repeat(1025), true);

        assertThat(client.nextClose(Duration.ofSeconds(5)).code()).isEqualTo(1009);
        awaitNoConnections();
    }

    @Test
    @DisplayName("a text message within the limit in characters but over it in UTF-8 bytes is closed with 1009")
    void oversizeMultibyteText() throws Exception {
        URI uri = start(TransportSettings.builder(Fixtures.bearerTokens()).maxMessageBytes(1024));
        TestClient client = TestClient.connectAs(uri, "alice");
        client.nextFrame();

        client.socket().sendText("\u00e9".repeat(600), true);

        assertThat(client.nextClose(Duration.ofSeconds(5)).code()).isEqualTo(1009);
        awaitNoConnections();
    }

    @Test
    @DisplayName("a fragmented text message over maxMessageBytes is closed with 1009 by Tyrus itself")
    void oversizeFragmentedText() throws Exception {
        URI uri = start(TransportSettings.builder(Fixtures.bearerTokens()).maxMessageBytes(1024));
        TestClient client = TestClient.connectAs(uri, "alice");
        client.nextFrame();

        client.socket().sendText("x".repeat(600), false).join();
        client.socket().sendText("x".repeat(600), true);

        TestClient.Close close = client.nextClose(Duration.ofSeconds(5));
        assertThat(close.code()).isEqualTo(1009);
        // Tyrus's reason, not the adapter's "message too big": the container's buffer bound fired.
        assertThat(close.reason()).isNotEqualTo(io.switchboard.core.CloseReason.MESSAGE_TOO_BIG.reason());
        awaitNoConnections();
    }

    @Test
    @DisplayName("a binary message over maxMessageBytes is closed with 1009")
    void oversizeBinary() throws Exception {
        URI uri = start(TransportSettings.builder(Fixtures.bearerTokens()).maxMessageBytes(1024));
        TestClient client = TestClient.connectAs(uri, "alice");
        client.nextFrame();

        client.socket().sendBinary(ByteBuffer.allocate(2048), true);

        assertThat(client.nextClose(Duration.ofSeconds(5)).code()).isEqualTo(1009);
    }

    @Test
    @DisplayName("a connection silent for idleTimeout is closed with 1001, although it receives events")
    void idleTimeout() throws Exception {
        URI uri = start(TransportSettings.builder(Fixtures.bearerTokens())
                .idleTimeout(Duration.ofMillis(600)));
        long opened = System.nanoTime();
        TestClient client = TestClient.connectAs(uri, "alice");
        client.nextFrame();

        TestClient.Close close = client.nextClose(Duration.ofSeconds(5));

        assertThat(close.code()).isEqualTo(1001);
        assertThat(close.reason()).isEqualTo("idle timeout");
        // Measured from before the upgrade, so never shorter than the server's own watch.
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        awaitNoConnections();
    }

    @Test
    @DisplayName("inbound messages keep an idle-timed connection open")
    void trafficResetsIdleTimeout() throws Exception {
        URI uri = start(TransportSettings.builder(Fixtures.bearerTokens())
                .idleTimeout(Duration.ofMillis(800)));
        TestClient client = TestClient.connectAs(uri, "alice");
        client.nextFrame();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2000);

        while (System.nanoTime() < deadline) {
            client.socket().sendText("{\"type\":\"ping\"}", true).join();
            assertThat(Fixtures.json(client.nextFrame()).path("type").asText()).isEqualTo("pong");
            // A client's pace, well inside the inbound rate limit (50 frames/s by default).
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }

        assertThat(manager.stats().connections()).isEqualTo(1);
    }

    @Test
    @DisplayName("a client that opens TCP and never finishes the upgrade is closed after handshakeTimeout")
    void handshakeTimeout() throws Exception {
        URI uri = start(TransportSettings.builder(Fixtures.bearerTokens())
                .handshakeTimeout(Duration.ofMillis(500)));
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /ws HTTP/1.1\r\nHost: x\r\n".getBytes());
            long started = System.nanoTime();
            InputStream in = socket.getInputStream();

            int read;
            try {
                read = in.read();
            } catch (IOException reset) {
                read = -1;
            }

            assertThat(read).as("the server closes without answering").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    @DisplayName("a client's close reaches the manager, which forgets the connection")
    void peerClose() throws Exception {
        URI uri = start(TransportSettings.builder(Fixtures.bearerTokens()));
        TestClient client = TestClient.connectAs(uri, "alice");
        client.nextFrame();

        client.socket().sendClose(4100, "bye").join();

        assertThat(client.nextClose(Duration.ofSeconds(5)).code()).isEqualTo(4100);
        awaitNoConnections();
    }

    private void awaitNoConnections() {
        await("the manager to forget the connection").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5)).until(() -> manager.stats().connections() == 0);
    }
}
