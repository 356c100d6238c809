package io.switchboard.transport.jakarta;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.Subprotocols;
import io.switchboard.core.handshake.TransportSettings;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * The entry point of the Jakarta transport: builds the {@link ServerEndpointConfig} that serves a
 * {@link WebSocketManager} on any Jakarta WebSocket 2.1 container. Deploy it with
 * {@code ServerContainer.addEndpoint(config)} (from a {@code ServerApplicationConfig}, a servlet
 * context listener, or the container's own API). The container owns the server, so there is no
 * {@code start} here as there is in {@code SwitchboardUndertow} and {@code SwitchboardNetty}.
 *
 * <pre>{@code
 * ServerEndpointConfig config = SwitchboardJakarta.endpointConfig(manager, settings);
 * serverContainer.addEndpoint(config);
 * }</pre>
 *
 * <h2>What the configuration does</h2>
 * <ul>
 *   <li>Path: {@link TransportSettings#path()}.
 *   <li>Origin: {@code checkOrigin} applies {@link TransportSettings#originPolicy()}; the container
 *       answers a refused origin with HTTP 403 before the upgrade, as the specification requires.
 *   <li>Authentication: {@code modifyHandshake} calls {@link TransportSettings#admit}; a refusal
 *       throws {@link HandshakeRefusedException}, which aborts the handshake before the upgrade on
 *       every container (see that class for the HTTP status the client sees).
 *   <li>Each handshake gets a fresh {@link SwitchboardEndpoint}; the authenticated user travels to
 *       it in the per-connection copy of the user properties the specification requires, so two
 *       concurrent handshakes can never swap users.
 *   <li>Extensions: none are negotiated unless {@link TransportSettings#permessageDeflate()} is set,
 *       in which case the container's own negotiation applies.
 * </ul>
 *
 * <h2>Threading</h2>
 * The configuration is immutable and may be deployed once. The container calls the configurator
 * and the endpoint on its own threads; they call into the manager on those threads. Calls of the
 * Jakarta API that may block on some containers ({@code Session.close} and
 * {@code RemoteEndpoint.sendPing}) run on the {@code blockingCalls} executor.
 */
public final class SwitchboardJakarta {

    private SwitchboardJakarta() {
    }

    /**
     * The endpoint configuration for {@code manager}, enforcing {@code settings}. Closes and pings
     * run on {@link ForkJoinPool#commonPool()}; on containers where {@code Session.close} blocks
     * until the close frame is written, prefer {@link #endpointConfig(WebSocketManager,
     * TransportSettings, Executor)} with an executor of your own.
     *
     * @param manager the manager every connection is handed to
     * @param settings the authenticator, origin policy, path, size and timeouts to enforce
     * @return a configuration to deploy on a Jakarta WebSocket container
     */
    public static ServerEndpointConfig endpointConfig(WebSocketManager manager,
            TransportSettings settings) {
        return endpointConfig(manager, settings, ForkJoinPool.commonPool());
    }

    /**
     * The endpoint configuration for {@code manager}, enforcing {@code settings}.
     *
     * @param manager the manager every connection is handed to
     * @param settings the authenticator, origin policy, path, size and timeouts to enforce
     * @param blockingCalls runs {@code Session.close}, {@code sendPing} and idle checks, so that the
     *     manager's and the container's threads never wait on them; not shut down by this library
     * @return a configuration to deploy on a Jakarta WebSocket container
     */
    public static ServerEndpointConfig endpointConfig(WebSocketManager manager,
            TransportSettings settings, Executor blockingCalls) {
        SwitchboardConfigurator configurator = new SwitchboardConfigurator(
                Objects.requireNonNull(manager, "manager"),
                Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(blockingCalls, "blockingCalls"));
        ServerEndpointConfig config = ServerEndpointConfig.Builder
                .create(SwitchboardEndpoint.class, settings.path())
                // The container echoes the first of these a client offers (AG-UI).
                .subprotocols(Subprotocols.supported())
                .configurator(configurator)
                .build();
        configurator.guardAgainstSharing(config.getUserProperties());
        return config;
    }
}
