package io.switchboard.transport.netty;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.transport.tck.RunningServer;
import io.switchboard.transport.tck.TransportCompatibilityKit;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;

/** The whole compatibility kit, against the Netty transport. */
@DisplayName("Netty transport")
class NettyCompatibilityTest extends TransportCompatibilityKit {

    @Override
    protected RunningServer start(WebSocketManager manager, TransportSettings settings) throws Exception {
        NettyWebSocketServer server = SwitchboardNetty.start(manager, settings,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + settings.path());
        return new RunningServer() {
            @Override
            public URI webSocketUri() {
                return uri;
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
