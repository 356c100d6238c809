package io.switchboard.spring.boot;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.transport.netty.NettyWebSocketServer;
import io.switchboard.transport.netty.SwitchboardNetty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/** The Netty adapter on a server of its own. Loaded only when the adapter is present. */
final class NettyServer implements StandaloneServer {

    @Override
    public Running start(WebSocketManager manager, TransportSettings settings, String host,
            int port) {
        NettyWebSocketServer server;
        try {
            server = SwitchboardNetty.start(manager, settings, new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Netty server on " + host + ":"
                    + port, e);
        }
        return new Running() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
