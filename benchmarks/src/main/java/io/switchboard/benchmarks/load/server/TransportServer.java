package io.switchboard.benchmarks.load.server;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.transport.jakarta.SwitchboardJakarta;
import io.switchboard.transport.netty.NettyWebSocketServer;
import io.switchboard.transport.netty.SwitchboardNetty;
import io.switchboard.transport.undertow.SwitchboardUndertow;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.util.Map;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;

/**
 * Switchboard's endpoint on one of its transports, on 127.0.0.1 and a free port: the wiring an
 * application writes, in the one place of the harness that knows the transports.
 */
final class TransportServer implements AutoCloseable {

    /** The transports. */
    enum Kind {
        NETTY,
        UNDERTOW,
        /** The container-neutral Jakarta adapter on Tyrus standalone (Grizzly). */
        JAKARTA
    }

    private final AutoCloseable server;
    private final int port;

    private TransportServer(AutoCloseable server, int port) {
        this.server = server;
        this.port = port;
    }

    static TransportServer start(Kind kind, WebSocketManager manager, TransportSettings settings)
            throws Exception {
        switch (kind) {
            case NETTY: {
                NettyWebSocketServer netty = SwitchboardNetty.start(manager, settings,
                        new InetSocketAddress("127.0.0.1", 0));
                return new TransportServer(netty, netty.port());
            }
            case UNDERTOW: {
                Undertow undertow = SwitchboardUndertow.start(manager, settings,
                        new InetSocketAddress("127.0.0.1", 0));
                int bound = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
                return new TransportServer(undertow::stop, bound);
            }
            default: {
                ServerContainer tyrus = new GrizzlyServerContainer().createContainer(Map.of());
                tyrus.addEndpoint(SwitchboardJakarta.endpointConfig(manager, settings));
                int chosen = FreePort.find();
                tyrus.start("/", chosen);
                return new TransportServer(tyrus::stop, chosen);
            }
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException("the transport did not stop cleanly", e);
        }
    }
}
