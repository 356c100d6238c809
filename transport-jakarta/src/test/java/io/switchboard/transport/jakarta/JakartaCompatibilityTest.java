package io.switchboard.transport.jakarta;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.transport.tck.RunningServer;
import io.switchboard.transport.tck.TransportCompatibilityKit;
import org.junit.jupiter.api.DisplayName;

/**
 * The compatibility kit against the Jakarta adapter on Tyrus standalone (Grizzly): a container
 * other than Undertow, so that container neutrality is shown, not assumed. The adapter is deployed
 * with the standard {@code ServerContainer.addEndpoint}; {@link TyrusTestServer} adds only what the
 * Jakarta API leaves to the container (loopback binding, the handshake deadline, the refusal status).
 */
@DisplayName("Jakarta WebSocket adapter on Tyrus")
class JakartaCompatibilityTest extends TransportCompatibilityKit {

    @Override
    protected RunningServer start(WebSocketManager manager, TransportSettings settings)
            throws Exception {
        return TyrusTestServer.start(SwitchboardJakarta.endpointConfig(manager, settings),
                settings);
    }

    /** The Jakarta API never shows received pings to the application (see the README). */
    @Override
    protected boolean seesClientPings() {
        return false;
    }
}
