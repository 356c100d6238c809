package io.switchboard.transport.jakarta;

import io.switchboard.core.CloseReason;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.TextFrame;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jakarta {@link Session} as the core's {@link Connection}.
 *
 * <p>Text frames go out through {@code getAsyncRemote().sendText(text, handler)}: the manager keeps
 * at most one send in flight per connection, which is exactly what the asynchronous remote allows,
 * so no queue is needed here. {@code Session.close} and {@code sendPing} have no asynchronous form
 * in the Jakarta API and block on some containers, so they run on the {@code blockingCalls}
 * executor. Every method may be called from any thread.
 */
final class JakartaConnection implements Connection {

    // Jetty publishes the peer's address under this user property; other containers have no standard way.
    private static final String JETTY_REMOTE_ADDRESS = "jakarta.websocket.endpoint.remoteAddress";
    private static final Logger LOG = LoggerFactory.getLogger(JakartaConnection.class);

    private final ConnectionId id;
    private final Session session;
    private final Executor blockingCalls;
    private final InetSocketAddress remoteAddress;
    private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final String subprotocol;

    JakartaConnection(ConnectionId id, Session session, Executor blockingCalls) {
        this.id = id;
        this.session = session;
        this.blockingCalls = blockingCalls;
        String negotiated = session.getNegotiatedSubprotocol();
        this.subprotocol = negotiated == null || negotiated.isEmpty() ? null : negotiated;
        Object address = session.getUserProperties().get(JETTY_REMOTE_ADDRESS);
        this.remoteAddress = address instanceof InetSocketAddress inet ? inet : null;
    }

    @Override
    public ConnectionId id() {
        return id;
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
    public boolean isOpen() {
        return !closing.get() && session.isOpen();
    }

    @Override
    public CompletableFuture<Void> send(TextFrame frame) {
        if (!isOpen()) {
            return CompletableFuture.failedFuture(new ClosedChannelException());
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        try {
            session.getAsyncRemote().sendText(frame.text(), result -> complete(written, result));
        } catch (RuntimeException e) {
            // Containers throw IllegalStateException when the session closed meanwhile.
            written.completeExceptionally(e);
        }
        return written;
    }

    @Override
    public CompletableFuture<Void> sendPing(ByteBuffer payload) {
        if (!isOpen()) {
            return CompletableFuture.failedFuture(new ClosedChannelException());
        }
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
    public void close(CloseReason reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            blockingCalls.execute(() -> closeNow(reason));
        } catch (RejectedExecutionException e) {
            closeNow(reason);
        }
    }

    @Override
    public ConcurrentMap<String, Object> attributes() {
        return attributes;
    }

    /** The peer or the container closed the session: no further sends, no close frame of ours. */
    void markClosed() {
        closing.set(true);
    }

    private void closeNow(CloseReason reason) {
        try {
            if (session.isOpen()) {
                session.close(JakartaCloseReasons.toJakarta(reason));
            }
        } catch (IOException | IllegalStateException e) {
            // Closed meanwhile, or the close frame could not be written: the socket is gone either way.
            LOG.debug("closing connection {} with {} failed", id, reason.code(), e);
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

    @Override
    public String toString() {
        return "JakartaConnection[" + id + "]";
    }
}
