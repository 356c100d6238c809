package io.switchboard.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.core.WebSocketManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate over a real socket with a hand-made client, since the JDK client never offers
 * it: negotiated only when enabled, usable, and bounded after inflating.
 */
@DisplayName("permessage-deflate")
class PermessageDeflateTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits";

    private final WebSocketManager manager = WebSocketManager.builder().build();
    private NettyWebSocketServer server;

    @AfterEach
    void stop() {
        manager.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("is not negotiated by default")
    void offByDefault() throws Exception {
        server = TestServers.start(manager, TestServers.settings().build());
        try (RawWebSocket client = RawWebSocket.connect(server.port(), READ_TIMEOUT)) {
            RawWebSocket.Response response = client.upgrade("/ws", "Authorization: Bearer alice", OFFER);

            assertThat(response.status()).isEqualTo(101);
            assertThat(response.headers()).doesNotContainKey("sec-websocket-extensions");
            RawWebSocket.Frame welcome = client.readFrame();
            assertThat(welcome.compressed()).isFalse();
            assertThat(welcome.text()).contains("\"type\":\"welcome\"");
        }
    }

    @Test
    @DisplayName("when enabled, compressed messages within the limit are understood")
    void compressedMessagesWork() throws Exception {
        server = TestServers.start(manager, TestServers.settings().permessageDeflate(true).build());
        try (RawWebSocket client = RawWebSocket.connect(server.port(), READ_TIMEOUT)) {
            RawWebSocket.Response response = client.upgrade("/ws", "Authorization: Bearer alice", OFFER);
            assertThat(response.status()).isEqualTo(101);
            assertThat(response.headers().get("sec-websocket-extensions")).startsWith("permessage-deflate");
            assertThat(client.readFrame().text()).contains("\"type\":\"welcome\"");

            // Twice: the second message relies on the compression context of the first.
            client.sendCompressedText("{\"type\":\"ping\"}");
            client.sendCompressedText("{\"type\":\"ping\"}");

            RawWebSocket.Frame first = client.readFrame();
            RawWebSocket.Frame second = client.readFrame();
            assertThat(first.text()).contains("\"type\":\"pong\"");
            assertThat(second.text()).contains("\"type\":\"pong\"");
        }
    }

    @Test
    @DisplayName("a small compressed frame that inflates beyond maxMessageBytes is closed with 1009")
    void inflationIsBounded() throws Exception {
        int limit = 16 * 1024;
        server = TestServers.start(manager,
                TestServers.settings().permessageDeflate(true).maxMessageBytes(limit).build());
        try (RawWebSocket client = RawWebSocket.connect(server.port(), READ_TIMEOUT)) {
            assertThat(client.upgrade("/ws", "Authorization: Bearer alice", OFFER).status()).isEqualTo(101);
            assertThat(client.readFrame().text()).contains("\"type\":\"welcome\"");
            String bomb = "{\"type\":\"message\",\"payload\":\"" + "a".repeat(8 * 1024 * 1024) + "\"}";
            byte[] compressed = client.deflate(bomb.getBytes(StandardCharsets.UTF_8));
            assertThat(compressed.length).isLessThan(limit); // passes the wire limit, not the inflated one

            client.sendFrame(RawWebSocket.TEXT, true, compressed);

            RawWebSocket.Frame close = client.readFrame();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1009);
            client.sendFrame(RawWebSocket.CLOSE, false, close.payload()); // the client's echo
            assertThat(client.awaitEndOfStream()).isTrue();
            await("the closed connection to leave the manager").atMost(READ_TIMEOUT)
                    .pollInterval(Duration.ofMillis(10)).until(() -> manager.stats().connections() == 0);
            assertThat(manager.stats().inboundMessages()).isZero();
        }
    }

    @Test
    @DisplayName("an uncompressed frame from a client that negotiated compression still works")
    void uncompressedFrameAfterNegotiation() throws Exception {
        server = TestServers.start(manager, TestServers.settings().permessageDeflate(true).build());
        try (RawWebSocket client = RawWebSocket.connect(server.port(), READ_TIMEOUT)) {
            assertThat(client.upgrade("/ws", "Authorization: Bearer alice", OFFER).status()).isEqualTo(101);
            assertThat(client.readFrame().text()).contains("\"type\":\"welcome\"");

            client.sendFrame(RawWebSocket.TEXT, false, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));

            assertThat(client.readFrame().text()).contains("\"type\":\"pong\"");
        }
    }
}
