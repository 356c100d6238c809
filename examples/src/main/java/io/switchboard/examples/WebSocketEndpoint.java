package io.switchboard.examples;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.transport.jakarta.SwitchboardJakarta;
import io.switchboard.transport.netty.NettyWebSocketServer;
import io.switchboard.transport.netty.SwitchboardNetty;
import io.switchboard.transport.undertow.SwitchboardUndertow;
import io.undertow.Undertow;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;

/**
 * The demo's WebSocket server on the transport the command line chose. This is the only place
 * that knows transports: wiring belongs to the application, never to the library's core.
 */
final class WebSocketEndpoint implements AutoCloseable {

    private final AutoCloseable server;
    private final int port;

    private WebSocketEndpoint(AutoCloseable server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts the server.
     *
     * @throws PortInUseException if the port is taken
     */
    static WebSocketEndpoint start(DemoOptions.Transport transport, WebSocketManager manager,
            TransportSettings settings, String host, int port) throws Exception {
        try {
            return bind(transport, manager, settings, host, port);
        } catch (Exception e) {
            if (port != 0 && PortInUseException.isBindFailure(e)) {
                throw new PortInUseException(port, "the WebSocket", e);
            }
            throw e;
        }
    }

    private static WebSocketEndpoint bind(DemoOptions.Transport transport, WebSocketManager manager,
            TransportSettings settings, String host, int port) throws Exception {
        switch (transport) {
            case NETTY: {
                NettyWebSocketServer netty =
                        SwitchboardNetty.start(manager, settings, new InetSocketAddress(host, port));
                return new WebSocketEndpoint(netty, netty.port());
            }
            case JAKARTA: {
                ServerContainer tyrus = new GrizzlyServerContainer().createContainer(Map.of());
                tyrus.addEndpoint(SwitchboardJakarta.endpointConfig(manager, settings));
                int chosen = port == 0 ? freePort(host) : port;
                tyrus.start("/", chosen);
                return new WebSocketEndpoint(tyrus::stop, chosen);
            }
            default: {
                Undertow undertow = SwitchboardUndertow.start(manager, settings,
                        new InetSocketAddress(host, port));
                int bound = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
                return new WebSocketEndpoint(undertow::stop, bound);
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
            throw new IllegalStateException("the WebSocket server did not stop cleanly", e);
        }
    }

    // Tyrus's packaged container takes a port, not port 0.
    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }
}
