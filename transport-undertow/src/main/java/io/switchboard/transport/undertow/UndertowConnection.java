package io.switchboard.transport.undertow;

import io.switchboard.core.CloseReason;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.AbstractConnection;
import io.switchboard.core.spi.TextFrame;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * One Undertow {@link WebSocketChannel} as the manager's connection: core's
 * {@link AbstractConnection} keeps the id, attributes and close state; this class speaks Undertow.
 *
 * <p>Sends go through {@link WebSockets}' asynchronous methods, which Undertow allows from any
 * thread; each frame's bytes are handed to Undertow as a read-only view of the shared
 * {@link TextFrame}, without copying. The returned future completes on Undertow's I/O thread once
 * the frame has been flushed to the socket, which is what lets the manager's one-in-flight queue
 * apply backpressure.
 *
 * <p>A close starts the closing handshake and arms a timer that drops the TCP connection if the
 * peer does not finish it: a client that stopped reading can never receive the close frame.
 */
final class UndertowConnection extends AbstractConnection {

    private final WebSocketChannel channel;
    private final Duration closeTimeout;
    private final String subprotocol;

    UndertowConnection(ConnectionId id, WebSocketChannel channel, Duration closeTimeout,
            Map<String, Object> attributes) {
        super(id, attributes);
        String selected = channel.getSubProtocol();
        this.subprotocol = selected == null || selected.isEmpty() ? null : selected;
        this.channel = channel;
        this.closeTimeout = closeTimeout;
    }

    /** The subprotocol Undertow echoed in the 101 answer, if any. */
    @Override
    public Optional<String> subprotocol() {
        return Optional.ofNullable(subprotocol);
    }

    @Override
    public Optional<Executor> writer() {
        return Optional.of(channel.getIoThread());
    }

    @Override
    public Optional<InetSocketAddress> remoteAddress() {
        return Optional.ofNullable(channel.getSourceAddress());
    }

    @Override
    protected boolean isSocketOpen() {
        return channel.isOpen() && !channel.isCloseFrameSent();
    }

    @Override
    protected CompletableFuture<Void> write(TextFrame frame) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        WebSockets.sendText(frame.asByteBuffer(), channel, completing(written));
        return written;
    }

    @Override
    protected CompletableFuture<Void> writePing(ByteBuffer payload) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        WebSockets.sendPing(payload, channel, completing(written));
        return written;
    }

    @Override
    protected void startClose(CloseReason reason) {
        if (!channel.isOpen()) {
            return;
        }
        // Undertow may already have sent a close of its own (a frame it refused): then only the
        // safety timer is left to arm.
        boolean cutOff = stopsReading(reason);
        if (cutOff) {
            channel.suspendReceives();
        }
        if (!channel.isCloseFrameSent()) {
            WebSockets.sendClose(reason.code(), reason.reason(), channel, null);
        }
        dropWithin(cutOff ? CUT_OFF_GRACE : closeTimeout);
    }

    /**
     * Records the peer's close frame (Undertow answers it itself); the connection sends nothing
     * afterwards, and TCP is dropped if the peer never lets the answer through.
     */
    void peerClosed(CloseReason reason) {
        if (markClosing(reason)) {
            dropWithin(closeTimeout);
        }
    }

    private void dropWithin(Duration timeout) {
        try {
            XnioExecutor.Key forceClose = channel.getIoThread().executeAfter(
                    () -> IoUtils.safeClose(channel), timeout.toMillis(), TimeUnit.MILLISECONDS);
            // A connection that closes in time must not stay reachable through its timer for the
            // rest of the timeout: under churn that is seconds' worth of closed connections.
            channel.addCloseTask(closed -> forceClose.remove());
            if (!channel.isOpen()) {
                forceClose.remove();
            }
        } catch (RejectedExecutionException e) {
            // The server is stopping and its I/O thread with it: nothing will wait for the peer.
            IoUtils.safeClose(channel);
        }
    }

    WebSocketChannel channel() {
        return channel;
    }

    private static WebSocketCallback<Void> completing(CompletableFuture<Void> written) {
        return new WebSocketCallback<>() {
            @Override
            public void complete(WebSocketChannel channel, Void context) {
                written.complete(null);
            }

            @Override
            public void onError(WebSocketChannel channel, Void context, Throwable throwable) {
                written.completeExceptionally(throwable);
            }
        };
    }
}
