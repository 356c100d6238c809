package io.switchboard.transport.jakarta;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.HandshakeRequest;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.handshake.UpgradeDecision;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides each upgrade request with the Jakarta API alone: origin in {@code checkOrigin} (the
 * container answers 403), authentication in {@code modifyHandshake} (a refusal throws before the
 * upgrade), and one fresh endpoint per connection. Called by the container on its handshake
 * threads, concurrently; holds no per-request state.
 */
final class SwitchboardConfigurator extends ServerEndpointConfig.Configurator {

    /** The user-properties key under which the admitted user travels to the endpoint. */
    static final String AUTHENTICATED = SwitchboardConfigurator.class.getName() + ".authenticated";

    private static final Logger LOG = LoggerFactory.getLogger(SwitchboardConfigurator.class);

    private final WebSocketManager manager;
    private final TransportSettings settings;
    private final Executor blockingCalls;
    // The deployed configuration's own map; set once before the configuration is published.
    private volatile Map<String, Object> sharedProperties;

    SwitchboardConfigurator(WebSocketManager manager, TransportSettings settings,
            Executor blockingCalls) {
        this.manager = manager;
        this.settings = settings;
        this.blockingCalls = blockingCalls;
    }

    void guardAgainstSharing(Map<String, Object> deployedProperties) {
        this.sharedProperties = deployedProperties;
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        boolean allowed = settings.originPolicy().allows(Optional.ofNullable(originHeaderValue));
        if (!allowed) {
            LOG.debug("upgrade refused with 403: origin not allowed");
        }
        return allowed;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig perConnection,
            jakarta.websocket.server.HandshakeRequest request, HandshakeResponse response) {
        Map<String, Object> properties = perConnection.getUserProperties();
        if (properties == sharedProperties) {
            // The specification requires a per-connection copy here. A container that hands out the
            // deployed map would let concurrent handshakes overwrite each other's user: fail closed.
            LOG.error("the container passed the shared user properties to modifyHandshake instead of a"
                    + " per-connection copy; refusing every upgrade rather than risk swapping users");
            throw new IllegalStateException("container does not copy user properties per connection");
        }
        // Whatever the container copied from the deployed map must never admit anyone.
        properties.remove(AUTHENTICATED);
        URI uri = request.getRequestURI() != null ? request.getRequestURI() : URI.create(settings.path());
        // The API hides the method; the rest of RFC 6455's rules, a second Origin and the
        // authenticator are decided here as on every transport.
        UpgradeDecision decision =
                settings.decide(HandshakeRequest.of(uri, request.getHeaders(), null));
        if (decision instanceof UpgradeDecision.Refuse refusal) {
            LOG.debug("upgrade refused with {}: {}", refusal.httpStatus(), refusal.reason());
            throw new HandshakeRefusedException(refusal.httpStatus(), refusal.reason(),
                    refusal.headers());
        }
        AuthenticationResult.Authenticated result = ((UpgradeDecision.Upgrade) decision).user();
        properties.put(AUTHENTICATED, result);
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (!endpointClass.isAssignableFrom(SwitchboardEndpoint.class)) {
            throw new InstantiationException("this configurator creates SwitchboardEndpoint only, not "
                    + endpointClass.getName());
        }
        // A fresh endpoint per connection: the endpoint keeps that connection's state.
        return endpointClass.cast(new SwitchboardEndpoint(manager, settings, blockingCalls));
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed,
            List<Extension> requested) {
        // Some containers (Tomcat) install permessage-deflate by default: keep it off unless asked.
        return settings.permessageDeflate()
                ? super.getNegotiatedExtensions(installed, requested)
                : List.of();
    }
}
