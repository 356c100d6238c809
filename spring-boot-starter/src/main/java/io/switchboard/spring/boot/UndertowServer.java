package io.switchboard.spring.boot;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.transport.undertow.SwitchboardUndertow;
import io.undertow.Undertow;
import java.net.InetSocketAddress;

/** The Undertow adapter on a server of its own. Loaded only when the adapter is present. */
final class UndertowServer implements StandaloneServer {

    @Override
    public Running start(WebSocketManager manager, TransportSettings settings, String host,
            int port) {
        Undertow server =
                SwitchboardUndertow.start(manager, settings, new InetSocketAddress(host, port));
        int bound = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        return new Running() {
            @Override
            public int port() {
                return bound;
            }

            @Override
            public void close() {
                server.stop();
            }
        };
    }
}
