package io.switchboard.transport.undertow;

import io.switchboard.core.CloseReason;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.TextFrame;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * One Undertow {@link WebSocketChannel} as the manager's {@link Connection}.
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
final class UndertowConnection implements Connection {

    private final ConnectionId id;
    private final WebSocketChannel channel;
    private final Duration closeTimeout;
    private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();
    private final String subprotocol;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile CloseReason peerClose;

    UndertowConnection(ConnectionId id, WebSocketChannel channel, Duration closeTimeout) {
        String selected = channel.getSubProtocol();
        this.subprotocol = selected == null || selected.isEmpty() ? null : selected;
        this.id = id;
        this.channel = channel;
        this.closeTimeout = closeTimeout;
    }

    @Override
    public ConnectionId id() {
        return id;
    }

    /** The subprotocol Undertow echoed in the 101 answer, if any. */
    @Override
    public Optional<String> subprotocol() {
        return Optional.ofNullable(subprotocol);
    }

    @Override
    public Optional<InetSocketAddress> remoteAddress() {
        return Optional.ofNullable(channel.getSourceAddress());
    }

    @Override
    public boolean isOpen() {
        return !closing.get() && peerClose == null && channel.isOpen()
                && !channel.isCloseFrameSent();
    }

    @Override
    public CompletableFuture<Void> send(TextFrame frame) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (!isOpen()) {
            written.completeExceptionally(new ClosedChannelException());
            return written;
        }
        try {
            WebSockets.sendText(frame.asByteBuffer(), channel, completing(written));
        } catch (RuntimeException e) {
            written.completeExceptionally(e);
        }
        return written;
    }

    @Override
    public CompletableFuture<Void> sendPing(ByteBuffer payload) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (!isOpen()) {
            written.completeExceptionally(new ClosedChannelException());
            return written;
        }
        try {
            WebSockets.sendPing(payload, channel, completing(written));
        } catch (RuntimeException e) {
            written.completeExceptionally(e);
        }
        return written;
    }

    @Override
    public void close(CloseReason reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (!channel.isOpen()) {
            return;
        }
        // The peer closed first (Undertow echoes its close) or Undertow already sent a close of
        // its own (message too big): only the safety timer is left to arm.
        if (peerClose == null && !channel.isCloseFrameSent()) {
            WebSockets.sendClose(reason.code(), reason.reason(), channel, null);
        }
        try {
            XnioExecutor.Key forceClose = channel.getIoThread().executeAfter(
                    () -> IoUtils.safeClose(channel), closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
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

    @Override
    public ConcurrentMap<String, Object> attributes() {
        return attributes;
    }

    /** Records the peer's close frame; the connection sends nothing afterwards. */
    void peerClosed(CloseReason reason) {
        peerClose = reason;
    }

    /**
     * What to tell the manager once the socket has closed.
     *
     * @return the peer's close, or {@link CloseReason#NORMAL} if the peer sent none
     */
    CloseReason closeReason() {
        CloseReason reason = peerClose;
        return reason != null ? reason : CloseReason.NORMAL;
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

    @Override
    public String toString() {
        return "UndertowConnection[" + id + "]";
    }
}
