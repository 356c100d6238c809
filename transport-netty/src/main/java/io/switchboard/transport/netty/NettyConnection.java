package io.switchboard.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.switchboard.core.CloseReason;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.AbstractConnection;
import io.switchboard.core.spi.TextFrame;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One upgraded Netty channel as the manager's connection: core's {@link AbstractConnection} keeps
 * the id, attributes and close state; this class speaks Netty.
 *
 * <p>Sends wrap the shared {@link TextFrame} bytes in a {@link TextWebSocketFrame} without copying
 * them (on an event loop, a frame written again shares one copy per loop: {@link LoopFrames}), and
 * complete their future only once Netty has written the frame to the socket. Because the
 * manager keeps one send in flight per connection, a client that stops reading leaves that one
 * write pending in Netty's outbound buffer and the manager's bounded queue takes the rest.
 *
 * <p>Closing follows RFC 6455: send a close frame, then close TCP when the peer's close frame
 * arrives, the peer disconnects, or {@link #CLOSE_TIMEOUT} passes (a peer that stopped reading never
 * answers). A protocol violation fails the connection instead ({@link #fail}). The frame-level
 * close state is touched only on the channel's event loop.
 */
final class NettyConnection extends AbstractConnection {

    /** How long to wait for the peer's close frame before dropping TCP. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Channel channel;
    private final String subprotocol;
    private final LoopFrames loopFrames;
    // Event-loop confined.
    private boolean closeFrameSent;
    private boolean failed;

    NettyConnection(ConnectionId id, Channel channel) {
        this(id, channel, null, Map.of(), new LoopFrames());
    }

    /**
     * @param subprotocol the subprotocol the 101 answer echoed, or null
     * @param attributes what the authentication attached
     * @param loopFrames the event loops' last frames, shared by the server's connections
     */
    NettyConnection(ConnectionId id, Channel channel, String subprotocol,
            Map<String, Object> attributes, LoopFrames loopFrames) {
        super(id, attributes);
        this.channel = Objects.requireNonNull(channel, "channel");
        this.subprotocol = subprotocol;
        this.loopFrames = Objects.requireNonNull(loopFrames, "loopFrames");
    }

    @Override
    public Optional<String> subprotocol() {
        return Optional.ofNullable(subprotocol);
    }

    @Override
    public Optional<Executor> writer() {
        return Optional.of(channel.eventLoop());
    }

    @Override
    public Optional<InetSocketAddress> remoteAddress() {
        SocketAddress address = channel.remoteAddress();
        return address instanceof InetSocketAddress inet ? Optional.of(inet) : Optional.empty();
    }

    @Override
    protected boolean isSocketOpen() {
        return channel.isActive();
    }

    @Override
    protected CompletableFuture<Void> write(TextFrame frame) {
        // asByteBuffer() is a read-only view of the frame's one byte array: every target wraps the
        // same bytes, nothing is copied here. On the loop, a frame written again shares one copy
        // (LoopFrames).
        ByteBuf payload = channel.eventLoop().inEventLoop() ? loopFrames.payload(frame)
                : Unpooled.wrappedBuffer(frame.asByteBuffer());
        return completion(channel.writeAndFlush(new TextWebSocketFrame(payload)));
    }

    @Override
    protected CompletableFuture<Void> writePing(ByteBuffer payload) {
        // Copied: the caller may reuse its buffer, and a ping is at most 125 bytes.
        return completion(channel.writeAndFlush(
                new PingWebSocketFrame(Unpooled.copiedBuffer(payload.duplicate()))));
    }

    @Override
    protected void startClose(CloseReason reason) {
        onEventLoop(() -> {
            if (closeFrameSent || !channel.isActive()) {
                return;
            }
            closeFrameSent = true;
            boolean cutOff = stopsReading(reason);
            if (cutOff) {
                channel.config().setAutoRead(false);
            }
            channel.writeAndFlush(new CloseWebSocketFrame(reason.code(), reason.reason()))
                    .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            closeWithin(cutOff ? CUT_OFF_GRACE : CLOSE_TIMEOUT);
        });
    }

    /** The peer sent a close frame: answer it (unless we started) and drop TCP. Event loop only. */
    void onPeerClose(CloseWebSocketFrame frame) {
        markClosing(CloseReason.fromPeer(frame.statusCode(), frame.reasonText()));
        if (closeFrameSent) {
            channel.close();
            return;
        }
        closeFrameSent = true;
        // Echo the peer's status as RFC 6455 suggests, then close: the server closes TCP first.
        channel.writeAndFlush(new CloseWebSocketFrame(true, 0, frame.content().retainedDuplicate()))
                .addListener(ChannelFutureListener.CLOSE);
        closeWithin(CLOSE_TIMEOUT);
    }

    /**
     * Fails the connection for a protocol violation (RFC 6455 7.1.7): sends the close frame, then
     * shuts down output, without waiting for an answer the decoder would discard. Half-closing
     * rather than closing keeps TCP from resetting the connection while the peer is still
     * sending, which could destroy the close frame before the peer reads it; the peer's own close
     * (or the timer) ends the connection. Event loop only.
     */
    void fail(CloseReason reason) {
        failed = true;
        markClosing(reason);
        if (closeFrameSent || !channel.isActive()) {
            return;
        }
        closeFrameSent = true;
        channel.writeAndFlush(new CloseWebSocketFrame(reason.code(), reason.reason()))
                .addListener(written -> {
                    if (written.isSuccess() && channel instanceof DuplexChannel duplex) {
                        duplex.shutdownOutput();
                    } else {
                        channel.close();
                    }
                });
        closeWithin(CLOSE_TIMEOUT);
    }

    /** Whether {@link #fail} was called: nothing more from the peer is processed. Event loop only. */
    boolean isFailed() {
        return failed;
    }

    // A peer that stopped reading never gets our close frame written, nor answers it.
    private void closeWithin(Duration timeout) {
        Runnable drop = channel::close;
        var forceClose = channel.eventLoop().schedule(drop, timeout.toNanos(), TimeUnit.NANOSECONDS);
        channel.closeFuture().addListener(closed -> forceClose.cancel(false));
    }

    private void onEventLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
            return;
        }
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException stopped) {
            // The event loop is shutting down and closes the channel itself.
        }
    }

    // On the event loop a write is usually done when writeAndFlush returns (the socket took it):
    // then no listener is added, which would cost the promise's monitor and a notification.
    private static CompletableFuture<Void> completion(ChannelFuture write) {
        if (write.isDone()) {
            return write.isSuccess() ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(write.cause());
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        write.addListener(done -> {
            if (done.isSuccess()) {
                result.complete(null);
            } else {
                result.completeExceptionally(done.cause());
            }
        });
        return result;
    }
}
