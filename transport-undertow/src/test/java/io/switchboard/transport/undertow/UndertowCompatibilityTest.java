package io.switchboard.transport.undertow;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.transport.tck.RunningServer;
import io.switchboard.transport.tck.TransportCompatibilityKit;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;

/** Runs the whole compatibility kit against the Undertow transport. */
class UndertowCompatibilityTest extends TransportCompatibilityKit {

    @Override
    protected RunningServer start(WebSocketManager manager, TransportSettings settings) {
        Undertow server = SwitchboardUndertow.start(manager, settings,
                new InetSocketAddress("127.0.0.1", 0));
        InetSocketAddress address =
                (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        URI uri = URI.create("ws://127.0.0.1:" + address.getPort() + settings.path());
        return new RunningServer() {
            @Override
            public URI webSocketUri() {
                return uri;
            }

            @Override
            public void close() {
                server.stop();
            }
        };
    }
}
