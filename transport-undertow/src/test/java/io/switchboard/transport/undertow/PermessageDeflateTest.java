package io.switchboard.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.transport.tck.KitAuthenticator;
import io.switchboard.transport.tck.RawSocketClient;
import io.switchboard.transport.tck.RawSocketClient.RawFrame;
import io.undertow.Undertow;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate over a raw socket (the JDK's client does not speak it): off unless enabled,
 * interoperable when enabled, and a compressed message is bounded by maxMessageBytes once
 * inflated.
 */
class PermessageDeflateTest {

    private static final int LIMIT = 64 * 1024;
    private static final Map<String, String> OFFER = Map.of(
            "Authorization", "Bearer alice",
            "Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits");

    private WebSocketManager manager;
    private Undertow server;
    private RawSocketClient client;

    private URI start(boolean deflate) throws Exception {
        manager = WebSocketManager.builder().build();
        TransportSettings settings = TransportSettings.builder(new KitAuthenticator())
                .permessageDeflate(deflate).maxMessageBytes(LIMIT).build();
        server = SwitchboardUndertow.start(manager, settings, new InetSocketAddress("127.0.0.1", 0));
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        URI uri = URI.create("ws://127.0.0.1:" + port + settings.path());
        client = RawSocketClient.open(uri);
        return uri;
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (manager != null) {
            manager.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    @DisplayName("permessage-deflate is not negotiated unless enabled")
    void offByDefault() throws Exception {
        start(false);

        assertThat(client.upgrade(OFFER)).isEqualTo(101);

        assertThat(client.responseHeader("Sec-WebSocket-Extensions")).isEmpty();
        RawFrame welcome = client.nextFrame(Duration.ofSeconds(5));
        assertThat(welcome.rsv1()).isFalse();
        assertThat(welcome.text()).contains("\"welcome\"");
    }

    @Test
    @DisplayName("when enabled, compressed frames flow both ways")
    void compressedExchange() throws Exception {
        start(true);

        assertThat(client.upgrade(OFFER)).isEqualTo(101);

        assertThat(client.responseHeader("Sec-WebSocket-Extensions")).hasValueSatisfying(
                answer -> assertThat(answer).startsWith("permessage-deflate")
                        .contains("server_no_context_takeover"));
        RawFrame welcome = client.nextFrame(Duration.ofSeconds(5));
        assertThat(welcome.rsv1()).isTrue();
        assertThat(inflate(welcome.payload())).contains("\"welcome\"");
        client.sendFrame(1, true, RawSocketClient.deflate("{\"type\":\"ping\"}"));
        RawFrame pong = client.nextFrame(Duration.ofSeconds(5));
        assertThat(pong.rsv1()).isTrue();
        assertThat(inflate(pong.payload())).isEqualTo("{\"type\":\"pong\"}");
    }

    @Test
    @DisplayName("a compressed message that inflates beyond maxMessageBytes closes with 1009")
    void inflatedSizeBounded() throws Exception {
        start(true);
        assertThat(client.upgrade(OFFER)).isEqualTo(101);
        client.nextFrame(Duration.ofSeconds(5));
        // 8 MiB of spaces compress to about 8 KiB: 128 times the limit once inflated.
        byte[] bomb = RawSocketClient.deflate(
                "{\"type\":\"ping\",\"pad\":\"" + " ".repeat(8 << 20) + "\"}");
        assertThat(bomb.length).isLessThan(LIMIT);

        client.sendFrame(1, true, bomb);

        RawFrame close = client.nextFrame(Duration.ofSeconds(5));
        assertThat(close.opcode()).isEqualTo(8);
        assertThat(close.closeCode()).isEqualTo(1009);
    }

    private static String inflate(byte[] payload) throws Exception {
        Inflater inflater = new Inflater(true);
        byte[] input = Arrays.copyOf(payload, payload.length + 4);
        input[payload.length + 2] = (byte) 0xff;
        input[payload.length + 3] = (byte) 0xff;
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (!inflater.needsInput()) {
            int n = inflater.inflate(chunk);
            out.write(chunk, 0, n);
            if (n == 0) {
                break;
            }
        }
        inflater.end();
        return out.toString(StandardCharsets.UTF_8);
    }
}
