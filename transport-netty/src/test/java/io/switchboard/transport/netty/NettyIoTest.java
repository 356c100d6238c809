package io.switchboard.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.switchboard.core.WebSocketManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which I/O engine the server picks, and that each available one serves a real client. */
@DisplayName("The Netty transport's I/O engine")
class NettyIoTest {

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
    @DisplayName("is epoll on Linux x86-64, where this module ships the native file")
    void picksEpollOnLinux() throws Exception {
        boolean linuxX64 = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64");
        assertThat(linuxX64).as("this test describes the Linux x86-64 build machine").isTrue();
        assertThat(Epoll.isAvailable())
                .as("epoll loads: %s", Epoll.unavailabilityCause()).isTrue();

        server = TestServers.start(manager, TestServers.settings().build());

        assertThat(NettyIo.preferred()).isEqualTo(NettyIo.EPOLL);
        assertThat(server.io()).isEqualTo(NettyIo.EPOLL);
        assertThat(server).hasToString("NettyWebSocketServer[" + server.localAddress() + ", EPOLL]");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(NettyIo.class)
    @DisplayName("serves a client when asked for by name")
    void servesOnEachEngine(NettyIo io) throws Exception {
        server = SwitchboardNetty.start(manager, TestServers.settings().build(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), io);
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws");

        try (JdkClient client = JdkClient.connect(uri, "alice")) {
            assertThat(client.nextText()).contains("\"type\":\"welcome\"");
            assertThat(server.io()).isEqualTo(io);
            assertThat(manager.stats().connections()).isEqualTo(1);
        }
    }
}
