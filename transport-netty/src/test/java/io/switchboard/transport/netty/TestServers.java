package io.switchboard.transport.netty;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.Authenticator;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.id.UserId;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Shared pieces of this module's own tests. */
final class TestServers {

    /** Accepts {@code Authorization: Bearer <user>}; anything else gets 401. */
    static final Authenticator BEARER = request -> request.header("Authorization")
            .filter(value -> value.startsWith("Bearer ") && value.length() > 7)
            .map(value -> AuthenticationResult.authenticated(UserId.of(value.substring(7))))
            .orElseGet(() -> AuthenticationResult.unauthorized("missing bearer token"));

    private TestServers() {
    }

    static TransportSettings.Builder settings() {
        return TransportSettings.builder(BEARER);
    }

    static NettyWebSocketServer start(WebSocketManager manager, TransportSettings settings)
            throws Exception {
        return SwitchboardNetty.start(manager, settings,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }
}
