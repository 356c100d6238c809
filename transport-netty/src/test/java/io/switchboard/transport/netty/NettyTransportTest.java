package io.switchboard.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What is specific to this transport, over real sockets; the compatibility kit covers the behaviour
 * every transport shares (limits, timeouts, authentication, routing).
 */
@DisplayName("The Netty transport")
class NettyTransportTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final WebSocketManager manager = WebSocketManager.builder().build();
    private NettyWebSocketServer server;

    @AfterEach
    void stop() {
        manager.close();
        if (server != null) {
            server.close();
        }
    }

    private URI start(TransportSettings settings) throws Exception {
        server = TestServers.start(manager, settings);
        return URI.create("ws://127.0.0.1:" + server.port() + settings.path());
    }

    @Test
    @DisplayName("answers a request without credentials with 401 and no upgrade, then closes")
    void unauthorizedBeforeUpgrade() throws Exception {
        start(TestServers.settings().build());
        try (RawWebSocket client = RawWebSocket.connect(server.port(), READ_TIMEOUT)) {
            RawWebSocket.Response response = client.upgrade("/ws");

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.headers()).doesNotContainKey("upgrade");
            assertThat(client.awaitEndOfStream()).isTrue();
        }
        assertThat(manager.stats().connections()).isZero();
    }

    @Test
    @DisplayName("shows the authenticator the request's absolute URI, built from Host only when Host is a plain authority")
    void absoluteUriForTheAuthenticator() throws Exception {
        BlockingQueue<URI> seen = new LinkedBlockingQueue<>();
        start(TransportSettings.builder(request -> {
            seen.add(request.uri());
            return TestServers.BEARER.authenticate(request);
        }).build());
        try (RawWebSocket client = RawWebSocket.connect(server.port(), READ_TIMEOUT)) {
            assertThat(client.upgrade("/ws?room=a%20b", "Authorization: Bearer alice").status())
                    .isEqualTo(101);
        }
        URI plain = seen.poll(5, TimeUnit.SECONDS);
        assertThat(plain).isNotNull();
        assertThat(plain.toString()).isEqualTo("ws://127.0.0.1:" + server.port() + "/ws?room=a%20b");
        assertThat(plain.getQuery()).isEqualTo("room=a b");

        try (RawWebSocket client = RawWebSocket.connect(server.port(), READ_TIMEOUT)) {
            assertThat(client.upgradeWithHost("/ws", "evil.example/ws?user=bob#",
                    "Authorization: Bearer alice").status()).isEqualTo(101);
        }
        URI smuggled = seen.poll(5, TimeUnit.SECONDS);
        assertThat(smuggled).isNotNull();
        assertThat(smuggled.isAbsolute()).isFalse();
        assertThat(smuggled.toString()).isEqualTo("/ws");
    }

    @Test
    @DisplayName("answers another path with 404")
    void unknownPath() throws Exception {
        start(TestServers.settings().build());
        try (RawWebSocket client = RawWebSocket.connect(server.port(), READ_TIMEOUT)) {
            assertThat(client.upgrade("/other", "Authorization: Bearer alice").status()).isEqualTo(404);
        }
    }

    @Test
    @DisplayName("closes with 1007 a text frame that is not UTF-8")
    void invalidUtf8() throws Exception {
        start(TestServers.settings().build());
        try (RawWebSocket client = RawWebSocket.connect(server.port(), READ_TIMEOUT)) {
            assertThat(client.upgrade("/ws", "Authorization: Bearer alice").status()).isEqualTo(101);
            client.readFrame(); // welcome

            client.sendFrame(RawWebSocket.TEXT, false, new byte[] {'{', (byte) 0xc3, (byte) 0x28, '}'});

            RawWebSocket.Frame close = client.readFrame();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1007);
        }
    }

    @Test
    @DisplayName("closes with 1002 a frame with a reserved bit set when no extension was negotiated")
    void reservedBitWithoutExtension() throws Exception {
        start(TestServers.settings().build());
        try (RawWebSocket client = RawWebSocket.connect(server.port(), READ_TIMEOUT)) {
            assertThat(client.upgrade("/ws", "Authorization: Bearer alice").status()).isEqualTo(101);
            client.readFrame(); // welcome

            client.sendCompressedText("{\"type\":\"ping\"}");

            RawWebSocket.Frame close = client.readFrame();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1002);
        }
    }

    @Test
    @DisplayName("closes open connections with 1001 when the server stops")
    void serverStop() throws Exception {
        URI uri = start(TestServers.settings().build());
        try (JdkClient client = JdkClient.connect(uri, "alice")) {
            client.nextText();

            server.close();

            assertThat(client.awaitClose(READ_TIMEOUT).code()).isEqualTo(1001);
            assertThat(manager.stats().connections()).isZero();
        }
    }
}
