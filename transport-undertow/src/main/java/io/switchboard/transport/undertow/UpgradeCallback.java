package io.switchboard.transport.undertow;

import io.switchboard.core.Admission;
import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.IdleWatch;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * Turns each upgraded Undertow channel into a {@link UndertowConnection} and hands it to the
 * manager. Runs on the I/O thread that completed the upgrade; the user was authenticated before
 * the upgrade by {@link AdmissionHandler} and travels here as an exchange attachment.
 */
final class UpgradeCallback implements WebSocketConnectionCallback {

    /** The authenticated user of an upgrade request, set before the handshake is accepted. */
    static final AttachmentKey<AuthenticationResult.Authenticated> ADMITTED =
            AttachmentKey.create(AuthenticationResult.Authenticated.class);

    /**
     * The upgrade request's exchange itself, so that what it holds can be let go once the
     * connection is up (see {@link #forget}); removed then.
     */
    static final AttachmentKey<HttpServerExchange> EXCHANGE =
            AttachmentKey.create(HttpServerExchange.class);

    private static final Logger LOG = LoggerFactory.getLogger(UpgradeCallback.class);

    private final WebSocketManager manager;
    private final TransportSettings settings;
    private final Duration closeTimeout;

    UpgradeCallback(WebSocketManager manager, TransportSettings settings, Duration closeTimeout) {
        this.manager = manager;
        this.settings = settings;
        this.closeTimeout = closeTimeout;
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        AuthenticationResult.Authenticated admitted = exchange.getAttachment(ADMITTED);
        if (admitted == null) {
            // Unreachable through AdmissionHandler; never upgrade an unauthenticated request.
            LOG.warn("upgrade without authentication on {}; dropping it", channel.getUrl());
            IoUtils.safeClose(channel);
            return;
        }
        forget(exchange.getAttachment(EXCHANGE));
        UndertowConnection connection = new UndertowConnection(ConnectionId.random(), channel,
                closeTimeout, admitted.attributes());
        FrameListener frames = new FrameListener(manager, connection, settings.maxMessageBytes());
        channel.getReceiveSetter().set(frames);
        channel.addCloseTask(closed -> manager.disconnect(connection.id(), connection.closeReason()));

        Admission admission = manager.connect(admitted.user(), connection);
        if (admission.accepted()) {
            if (!settings.idleTimeout().isZero()) {
                // Undertow's own channel idle timeout drops TCP without a close frame; this
                // watch closes with the 1001 every transport sends, on the connection's I/O thread.
                XnioExecutor timer = channel.getIoThread();
                frames.watchIdle(IdleWatch.start(settings.idleTimeout(),
                        (task, delayNanos) -> timer.executeAfter(task,
                                Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos)),
                                TimeUnit.MILLISECONDS),
                        connection::isOpen, () -> {
                            if (!manager.disconnect(connection.id(), CloseReason.IDLE_TIMEOUT)) {
                                connection.close(CloseReason.IDLE_TIMEOUT);
                            }
                        }));
            }
        }
        // Receive even on a refused connection, so that the client's close answer is read.
        channel.resumeReceives();
        if (!channel.isOpen()) {
            // Closed before the close task was registered: nobody else will tell the manager.
            manager.disconnect(connection.id(), connection.closeReason());
        }
    }

    // Undertow keeps the upgrade's exchange reachable for the connection's whole life (the HTTP
    // connection it came on stays referenced, and its response conduit holds the exchange).
    // Nothing reads it after the channel is created, so its headers and attachments are let go
    // here (measured: a few hundred bytes per idle connection).
    private static void forget(HttpServerExchange http) {
        if (http == null) {
            return;
        }
        http.removeAttachment(EXCHANGE);
        http.removeAttachment(ADMITTED);
        http.getRequestHeaders().clear();
        http.getResponseHeaders().clear();
    }
}
