package io.switchboard.transport.jakarta;

import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.IdleWatch;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The programmatic endpoint of one WebSocket connection: it hands the connection to the manager
 * and feeds it every frame. Created by the container through the configurator of
 * {@link SwitchboardJakarta}, one instance per connection; applications never create or
 * call it. It is public only because containers such as Tyrus invoke the lifecycle methods
 * reflectively, which a package-private class would not allow.
 *
 * <h2>Lifecycle</h2>
 * {@link #onOpen} admits the connection ({@code WebSocketManager.connect}) with the user the
 * handshake authenticated; text, binary and pong messages then go to {@code onText},
 * {@code onBinary} and {@code onPong}. When the session closes, whichever side closed it,
 * {@code WebSocketManager.disconnect} is called exactly once, with the close's code when it may be
 * sent and {@code 1000} otherwise. No call reaches the manager after that.
 *
 * <h2>Threading</h2>
 * The container calls these methods on its own threads (Tyrus on Grizzly: its worker threads) and
 * this class calls into the manager on those threads. A message handler is never called
 * concurrently with another for the same session.
 */
public final class SwitchboardEndpoint extends Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(SwitchboardEndpoint.class);

    private final WebSocketManager manager;
    private final TransportSettings settings;
    private final Executor blockingCalls;
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile JakartaConnection connection;
    private volatile IdleWatch idleWatch;
    // Whichever of onOpen (after connect) and onClose comes second reports the disconnect.
    private volatile boolean connected;
    private volatile CloseReason closedWith;

    SwitchboardEndpoint(WebSocketManager manager, TransportSettings settings, Executor blockingCalls) {
        this.manager = manager;
        this.settings = settings;
        this.blockingCalls = blockingCalls;
    }

    /**
     * Admits the connection for the user its handshake authenticated. Called by the container.
     *
     * @param session the new session
     * @param config the per-connection configuration
     */
    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Object admitted = session.getUserProperties().remove(SwitchboardConfigurator.AUTHENTICATED);
        if (!(admitted instanceof AuthenticationResult.Authenticated authenticated)) {
            // Unreachable on a container that honours a refusal thrown from modifyHandshake.
            LOG.error("session opened without an authenticated handshake; closing it with 1008");
            closeUnadmitted(session);
            return;
        }
        int maxMessageBytes = settings.maxMessageBytes();
        session.setMaxTextMessageBufferSize(maxMessageBytes);
        session.setMaxBinaryMessageBufferSize(maxMessageBytes);
        // The settings decide idleness (see IdleWatch); a container default must not close sessions.
        session.setMaxIdleTimeout(0);

        JakartaConnection opened = new JakartaConnection(ConnectionId.random(), session,
                blockingCalls, authenticated.attributes());
        connection = opened;
        session.addMessageHandler(String.class, this::onText);
        session.addMessageHandler(ByteBuffer.class, this::onBinary);
        session.addMessageHandler(PongMessage.class, this::onPong);
        if (!settings.idleTimeout().isZero()) {
            // Checks on the JDK's shared delay scheduler, run on blockingCalls: no thread of ours.
            idleWatch = IdleWatch.start(settings.idleTimeout(),
                    (task, delayNanos) -> CompletableFuture.delayedExecutor(delayNanos,
                            TimeUnit.NANOSECONDS, blockingCalls).execute(task),
                    opened::isOpen, () -> disconnect(CloseReason.IDLE_TIMEOUT));
        }
        manager.connect(authenticated.user(), opened);
        connected = true;
        if (closedWith != null) {
            report(closedWith);
        }
    }

    /**
     * Reports the closed connection to the manager. Called by the container.
     *
     * @param session the closed session
     * @param closeReason the close the container reports (the peer's, ours, or 1006)
     */
    @Override
    public void onClose(Session session, jakarta.websocket.CloseReason closeReason) {
        JakartaConnection closed = connection;
        if (closed == null) {
            return;
        }
        closedWith = JakartaCloseReasons.fromContainer(closeReason);
        closed.markClosed(closedWith);
        if (connected) {
            report(closedWith);
        }
    }

    /**
     * Logs the error and ends the connection. Called by the container.
     *
     * @param session the session
     * @param failure what the container caught
     */
    @Override
    public void onError(Session session, Throwable failure) {
        JakartaConnection failed = connection;
        Object id = failed == null ? "(not admitted)" : failed.id();
        // The failure's message may quote a payload: log its type only, the stack at debug. A
        // session the container already closed for it (Tyrus's own 1009) needs no warning.
        if (session.isOpen()) {
            LOG.warn("error on connection {}: {}", id, failure.getClass().getName());
        }
        LOG.debug("error on connection {}", id, failure);
        if (failed != null) {
            disconnect(CloseReason.INTERNAL_ERROR);
        }
    }

    // The buffer sizes set in onOpen bind only messages the container assembles from fragments
    // (Tyrus hands a single-frame message over whatever its size), and text is counted in
    // characters: the limit in bytes is checked here, for every message.
    private void onText(String text) {
        touch();
        if (Utf8.exceeds(text, settings.maxMessageBytes())) {
            disconnect(CloseReason.MESSAGE_TOO_BIG);
            return;
        }
        manager.onText(connection.id(), text);
    }

    private void onBinary(ByteBuffer message) {
        touch();
        if (message.remaining() > settings.maxMessageBytes()) {
            disconnect(CloseReason.MESSAGE_TOO_BIG);
            return;
        }
        manager.onBinary(connection.id());
    }

    private void onPong(PongMessage pong) {
        touch();
        manager.onPong(connection.id(), pong.getApplicationData());
    }

    private void touch() {
        IdleWatch watch = idleWatch;
        if (watch != null) {
            watch.touch();
        }
    }

    // The manager removes the connection and closes it with the reason; onClose then finds it reported.
    private void disconnect(CloseReason reason) {
        if (connected) {
            report(reason);
        } else {
            connection.close(reason);
        }
    }

    private void report(CloseReason reason) {
        if (reported.compareAndSet(false, true)
                && !manager.disconnect(connection.id(), reason)) {
            // Not (or no longer) admitted, so the manager closed nothing: close it here.
            connection.close(reason);
        }
    }

    private static void closeUnadmitted(Session session) {
        try {
            session.close(JakartaCloseReasons.toJakarta(CloseReason.NOT_ADMITTED));
        } catch (IOException e) {
            LOG.debug("closing an unadmitted session failed", e);
        }
    }
}
