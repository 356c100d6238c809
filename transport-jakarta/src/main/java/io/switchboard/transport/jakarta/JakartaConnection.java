package io.switchboard.transport.jakarta;

import io.switchboard.core.CloseReason;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.AbstractConnection;
import io.switchboard.core.spi.TextFrame;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jakarta {@link Session} as the core's connection: core's {@link AbstractConnection} keeps the
 * id, attributes and close state; this class speaks the Jakarta API.
 *
 * <p>Text frames go out through {@code getAsyncRemote().sendText(text, handler)}: the manager keeps
 * at most one send in flight per connection, which is exactly what the asynchronous remote allows,
 * so no queue is needed here. {@code Session.close} and {@code sendPing} have no asynchronous form
 * in the Jakarta API and block on some containers, so they run on the {@code blockingCalls}
 * executor. Every method may be called from any thread.
 */
final class JakartaConnection extends AbstractConnection {

    // Jetty publishes the peer's address under this user property; other containers have no standard way.
    private static final String JETTY_REMOTE_ADDRESS = "jakarta.websocket.endpoint.remoteAddress";
    private static final Logger LOG = LoggerFactory.getLogger(JakartaConnection.class);

    private final Session session;
    private final Executor blockingCalls;
    private final InetSocketAddress remoteAddress;
    private final String subprotocol;

    JakartaConnection(ConnectionId id, Session session, Executor blockingCalls,
            Map<String, Object> attributes) {
        super(id, attributes);
        this.session = session;
        this.blockingCalls = blockingCalls;
        String negotiated = session.getNegotiatedSubprotocol();
        this.subprotocol = negotiated == null || negotiated.isEmpty() ? null : negotiated;
        Object address = session.getUserProperties().get(JETTY_REMOTE_ADDRESS);
        this.remoteAddress = address instanceof InetSocketAddress inet ? inet : null;
    }

    /** The subprotocol the container negotiated and echoed, if any. */
    @Override
    public Optional<String> subprotocol() {
        return Optional.ofNullable(subprotocol);
    }

    @Override
    public Optional<InetSocketAddress> remoteAddress() {
        return Optional.ofNullable(remoteAddress);
    }

    @Override
    protected boolean isSocketOpen() {
        return session.isOpen();
    }

    @Override
    protected CompletableFuture<Void> write(TextFrame frame) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        // Containers throw IllegalStateException when the session closed meanwhile; the base
        // class turns that into a failed future.
        session.getAsyncRemote().sendText(frame.text(), result -> complete(written, result));
        return written;
    }

    @Override
    protected CompletableFuture<Void> writePing(ByteBuffer payload) {
        ByteBuffer own = payload.duplicate();
        try {
            return CompletableFuture.runAsync(() -> {
                try {
                    session.getAsyncRemote().sendPing(own);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, blockingCalls);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    protected void startClose(CloseReason reason) {
        try {
            blockingCalls.execute(() -> closeNow(reason));
        } catch (RejectedExecutionException e) {
            closeNow(reason);
        }
    }

    /** The peer or the container closed the session: no further sends, no close frame of ours. */
    void markClosed(CloseReason reason) {
        markClosing(reason);
    }

    private void closeNow(CloseReason reason) {
        try {
            if (session.isOpen()) {
                session.close(JakartaCloseReasons.toJakarta(reason));
            }
        } catch (IOException | IllegalStateException e) {
            // Closed meanwhile, or the close frame could not be written: the socket is gone either way.
            LOG.debug("closing connection {} with {} failed", id(), reason.code(), e);
        }
    }

    private static void complete(CompletableFuture<Void> written, SendResult result) {
        if (result.isOK()) {
            written.complete(null);
        } else {
            Throwable failure = result.getException();
            written.completeExceptionally(failure != null ? failure : new IOException("send failed"));
        }
    }
}
