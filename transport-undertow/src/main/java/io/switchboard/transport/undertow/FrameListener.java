package io.switchboard.transport.undertow;

import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.IdleWatch;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.Pooled;

/**
 * Feeds one connection's received frames to the manager, on the connection's Undertow I/O thread,
 * one frame at a time and in order.
 *
 * <p>Data messages are read whole by a {@link MessageReader}, up to {@code maxMessageBytes}
 * counted after any decompression and across fragments; a larger one closes the connection with
 * 1009. A client's ping is reported to the manager as activity before Undertow answers it with a
 * pong, so whoever sees the pong knows the activity is recorded.
 */
final class FrameListener extends AbstractReceiveListener {

    // RFC 6455 5.5: control frames carry at most 125 bytes.
    private static final long MAX_CONTROL_PAYLOAD = 125;

    private static final Logger LOG = LoggerFactory.getLogger(FrameListener.class);

    private final WebSocketManager manager;
    private final UndertowConnection connection;
    private final ConnectionId id;
    private final long maxMessageBytes;
    // Set once the connection is admitted, when an idle timeout is configured.
    private volatile IdleWatch idle;
    // Set while Undertow hands over a real close frame; only the I/O thread touches it.
    private boolean closeFrameArriving;

    FrameListener(WebSocketManager manager, UndertowConnection connection, long maxMessageBytes) {
        this.manager = manager;
        this.connection = connection;
        this.id = connection.id();
        this.maxMessageBytes = maxMessageBytes;
    }

    void watchIdle(IdleWatch watch) {
        this.idle = watch;
    }

    @Override
    public void handleEvent(WebSocketChannel channel) {
        // Any frame, even a partial one, is traffic for the idle timeout.
        IdleWatch watch = idle;
        if (watch != null) {
            watch.touch();
        }
        super.handleEvent(channel);
    }

    @Override
    protected void onText(WebSocketChannel channel, StreamSourceFrameChannel message) {
        if (discardedWhileClosing(message)) {
            return;
        }
        new MessageReader(maxMessageBytes, true, new Sink(channel) {
            @Override
            public void message(byte[] utf8) {
                // Undertow has already validated the UTF-8 of a text message.
                manager.onText(id, new String(utf8, StandardCharsets.UTF_8));
            }
        }).start(message);
    }

    @Override
    protected void onBinary(WebSocketChannel channel, StreamSourceFrameChannel message) {
        if (discardedWhileClosing(message)) {
            return;
        }
        // Binary messages are not part of the protocol: measured, never kept.
        new MessageReader(maxMessageBytes, false, new Sink(channel) {
            @Override
            public void message(byte[] ignored) {
                manager.onBinary(id);
            }
        }).start(message);
    }

    // Once the connection is closing (the manager closed it, for a flood for one), data frames
    // only wait for the peer's close answer: they are skipped unread, the cheapest Undertow can,
    // so that a client cut off for flooding costs its I/O thread, shared with others, little.
    private boolean discardedWhileClosing(StreamSourceFrameChannel message) {
        if (connection.isOpen()) {
            return false;
        }
        IoUtils.safeClose(message);
        return true;
    }

    @Override
    protected void onFullPingMessage(WebSocketChannel channel, BufferedBinaryMessage message)
            throws IOException {
        manager.onActivity(id);
        super.onFullPingMessage(channel, message);
    }

    @Override
    @SuppressWarnings("deprecation") // BufferedBinaryMessage still hands out XNIO's Pooled.
    protected void onFullPongMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
        Pooled<ByteBuffer[]> data = message.getData();
        try {
            manager.onPong(id, WebSockets.mergeBuffers(data.getResource()).asReadOnlyBuffer());
        } finally {
            data.free();
        }
    }

    @Override
    protected void onFullCloseMessage(WebSocketChannel channel, BufferedBinaryMessage message)
            throws IOException {
        closeFrameArriving = true;
        super.onFullCloseMessage(channel, message);
    }

    @Override
    protected void onCloseMessage(CloseMessage message, WebSocketChannel channel) {
        // Undertow also calls this, with a made-up 1001, when the TCP connection ends without a
        // close frame; only a real close frame carries the peer's code.
        CloseReason reason = closeFrameArriving
                ? CloseReason.fromPeer(message.getCode(), message.getReason()) : CloseReason.NORMAL;
        connection.peerClosed(reason);
        // Undertow answers the close after this returns; the manager forgets the connection now.
        manager.disconnect(id, reason);
    }

    @Override
    protected void onError(WebSocketChannel channel, Throwable error) {
        LOG.debug("connection {} failed; closing it", id, error);
        IoUtils.safeClose(channel);
    }

    @Override
    protected long getMaxPingBufferSize() {
        return MAX_CONTROL_PAYLOAD;
    }

    @Override
    protected long getMaxPongBufferSize() {
        return MAX_CONTROL_PAYLOAD;
    }

    @Override
    protected long getMaxCloseBufferSize() {
        return MAX_CONTROL_PAYLOAD;
    }

    /** Reports a message that is too big, or failed, the same way for text and binary. */
    private abstract class Sink implements MessageReader.Sink {
        private final WebSocketChannel channel;

        Sink(WebSocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void tooBig() {
            LOG.debug("connection {} sent a message over {} bytes; closing it with 1009", id,
                    maxMessageBytes);
            if (!manager.disconnect(id, CloseReason.MESSAGE_TOO_BIG)) {
                connection.close(CloseReason.MESSAGE_TOO_BIG);
            }
        }

        @Override
        public void failed(IOException error) {
            onError(channel, error);
        }
    }
}
