package io.switchboard.transport.undertow;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.Subprotocols;
import io.switchboard.core.handshake.TransportSettings;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.protocol.version07.Hybi07Handshake;
import io.undertow.websockets.core.protocol.version08.Hybi08Handshake;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The entry point of the Undertow transport: serves a {@link WebSocketManager} over Undertow's
 * native WebSocket API. {@link #start} runs a server of its own; {@link #handler} gives the
 * endpoint to an application's own server.
 *
 * <pre>{@code
 * WebSocketManager manager = WebSocketManager.builder().build();
 * TransportSettings settings = TransportSettings.builder(myAuthenticator).build();
 * Undertow server = SwitchboardUndertow.start(manager, settings, new InetSocketAddress(8080));
 * }</pre>
 *
 * <h2>What the handler enforces</h2>
 * Every request to {@link TransportSettings#path()} is decided before any upgrade: a disallowed
 * origin gets HTTP 403, a rejected credential 401 or 403, with a plain-text body and no upgrade.
 * An admitted request is upgraded and its connection handed to the manager. Messages larger than
 * {@link TransportSettings#maxMessageBytes()} (after decompression, across fragments) close the
 * connection with 1009; a connection silent for {@link TransportSettings#idleTimeout()} is closed
 * with 1001 {@code "idle timeout"}. permessage-deflate is offered only when
 * {@link TransportSettings#permessageDeflate()} is set.
 *
 * <h2>Handshake timeout</h2>
 * How long a client may take to send its upgrade request is a property of the Undertow server, not
 * of a handler: {@link #start} sets it, and an application that builds its own server calls
 * {@link #applyServerOptions}.
 *
 * <h2>Threading</h2>
 * The authenticator runs on an Undertow worker thread. {@code connect} runs on the I/O thread that
 * completed the upgrade; every received frame, ping, pong and close is reported on the
 * connection's I/O thread, in order; the idle timeout fires on that thread too. Sends may come
 * from any thread and never block.
 */
public final class SwitchboardUndertow {

    /**
     * How long a closing connection may wait for the peer's close frame before its TCP connection
     * is dropped. A client that stopped reading never sees the close frame.
     */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private SwitchboardUndertow() {
    }

    /**
     * An Undertow handler serving WebSocket upgrades on {@code settings.path()}; any other path
     * gets 404.
     *
     * @param manager the manager connections are handed to
     * @param settings what to enforce
     * @return the handler, to use as the server's root handler
     */
    public static HttpHandler handler(WebSocketManager manager, TransportSettings settings) {
        return handler(manager, settings, ResponseCodeHandler.HANDLE_404);
    }

    /**
     * An Undertow handler serving WebSocket upgrades on {@code settings.path()} and passing every
     * other request to {@code next}.
     *
     * @param manager the manager connections are handed to
     * @param settings what to enforce
     * @param next the application's handler for other paths
     * @return the handler
     */
    public static HttpHandler handler(WebSocketManager manager, TransportSettings settings,
            HttpHandler next) {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(next, "next");
        // Undertow's own handshakes, told which subprotocols it may echo (AG-UI).
        Set<String> subprotocols = Set.copyOf(Subprotocols.supported());
        WebSocketProtocolHandshakeHandler handshake = new WebSocketProtocolHandshakeHandler(
                List.of(new Hybi13Handshake(subprotocols, false),
                        new Hybi08Handshake(subprotocols, false),
                        new Hybi07Handshake(subprotocols, false)),
                new UpgradeCallback(manager, settings, CLOSE_TIMEOUT),
                // An authenticated request to the path that is not an upgrade.
                new ResponseCodeHandler(400));
        if (settings.permessageDeflate()) {
            handshake.addExtension(new BoundedDeflateHandshake(settings.maxMessageBytes()));
        }
        return new AdmissionHandler(settings, handshake, next);
    }

    /**
     * Sets the server options the settings need on an Undertow builder: the handshake timeout,
     * both for a connection that sends nothing and for a request that arrives too slowly.
     *
     * @param builder the application's server builder
     * @param settings the settings
     * @return the builder
     */
    public static Undertow.Builder applyServerOptions(Undertow.Builder builder,
            TransportSettings settings) {
        int handshakeMillis = (int) Math.min(Integer.MAX_VALUE,
                Math.max(1, settings.handshakeTimeout().toMillis()));
        return builder
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, handshakeMillis)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, handshakeMillis);
    }

    /**
     * Starts an Undertow server that serves only the manager: the quick start.
     *
     * @param manager the manager connections are handed to
     * @param settings what to enforce
     * @param bindAddress where to listen; port 0 picks a free one (see
     *     {@code Undertow.getListenerInfo()})
     * @return the started server; {@code stop()} it when done (the manager is not closed)
     */
    public static Undertow start(WebSocketManager manager, TransportSettings settings,
            InetSocketAddress bindAddress) {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Undertow server = applyServerOptions(Undertow.builder(), settings)
                .addHttpListener(bindAddress.getPort(), bindAddress.getHostString())
                .setHandler(handler(manager, settings))
                .build();
        server.start();
        return server;
    }
}
