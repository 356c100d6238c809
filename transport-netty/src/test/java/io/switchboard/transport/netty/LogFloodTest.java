package io.switchboard.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.core.WebSocketManager;
import io.switchboard.transport.tck.RawSocketClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Nothing a client does may flood the log: clients that drop TCP in the middle of a fragmented
 * message, by FIN or by reset, leave no warning and no stack trace behind.
 */
@DisplayName("The Netty transport's log under misbehaving clients")
class LogFloodTest {

    private static final int CLIENTS = 20;
    private static final Duration POLL = Duration.ofMillis(10);

    private final WebSocketManager manager = WebSocketManager.builder().build();
    private NettyWebSocketServer server;
    private final PrintStream originalErr = System.err;

    @AfterEach
    void stop() {
        System.setErr(originalErr);
        manager.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("a TCP drop inside a fragmented message is logged at debug only")
    void dropMidFragment() throws Exception {
        server = TestServers.start(manager, TestServers.settings().build());
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
        List<RawSocketClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            RawSocketClient client = RawSocketClient.open(uri);
            assertThat(client.upgrade(Map.of("Authorization", "Bearer user-" + i))).isEqualTo(101);
            client.nextFrame(Duration.ofSeconds(5)); // welcome
            clients.add(client);
        }
        await("every client to be connected").atMost(Duration.ofSeconds(5)).pollInterval(POLL)
                .until(() -> manager.stats().connections() == CLIENTS);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));

        for (int i = 0; i < CLIENTS; i++) {
            RawSocketClient client = clients.get(i);
            // A first fragment, never finished; half of the clients also leave a frame half sent.
            client.sendRawFrame(0x01, true, "{\"type\":\"ping\",".getBytes(StandardCharsets.UTF_8));
            if (i % 2 == 0) {
                client.sendRaw("\u0080\u0085ab");
            }
            if (i % 4 < 2) {
                client.reset();
            } else {
                client.close();
            }
        }

        // A timeout fails here; stop() puts the original stream back either way.
        await("every dropped client to leave the manager").atMost(Duration.ofSeconds(10)).pollInterval(POLL)
                .until(() -> manager.stats().connections() == 0);
        System.setErr(originalErr);
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).as("what the server logged").doesNotContain("WARN").doesNotContain("ERROR")
                .doesNotContain("\tat ");
    }
}
