package io.switchboard.transport.netty;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.switchboard.core.WebSocketManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an upgraded channel: turns complete frames into manager calls on the
 * channel's event loop, closes on decoder errors and idleness, and tells the manager exactly once
 * that the socket closed.
 */
final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(FrameHandler.class);

    private final WebSocketManager manager;
    private final NettyConnection connection;
    private boolean disconnected;

    FrameHandler(WebSocketManager manager, NettyConnection connection) {
        this.manager = manager;
        this.connection = connection;
    }

    NettyConnection connection() {
        return connection;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame.rsv() != 0) {
            // Reserved bits left set: no negotiated extension consumed them.
            connection.close(NettyCloseReasons.PROTOCOL_ERROR);
        } else if (frame instanceof TextWebSocketFrame text) {
            manager.onText(connection.id(), text.text());
        } else if (frame instanceof BinaryWebSocketFrame) {
            manager.onBinary(connection.id());
        } else if (frame instanceof PingWebSocketFrame) {
            // Activity first: a client that sees the pong may rely on the ping having counted.
            manager.onActivity(connection.id());
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retainedDuplicate()));
        } else if (frame instanceof PongWebSocketFrame) {
            manager.onPong(connection.id(),
                    ByteBuffer.wrap(ByteBufUtil.getBytes(frame.content())).asReadOnlyBuffer());
        } else if (frame instanceof CloseWebSocketFrame close) {
            connection.onPeerClose(close);
        }
        // Continuation frames never get here: the aggregator before this handler joins them.
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            connection.close(NettyCloseReasons.IDLE_TIMEOUT);
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            connection.close(NettyCloseReasons.forStatus(corrupted.closeStatus().code()));
        } else if (cause instanceof TooLongFrameException) {
            // The frame aggregator's limit: the fragments of one message add up to too much.
            connection.close(NettyCloseReasons.MESSAGE_TOO_BIG);
        } else if (cause instanceof IOException) {
            LOG.debug("{}: I/O error, closing: {}", connection, cause.toString());
            ctx.close();
        } else {
            LOG.warn("{}: unexpected failure, closing with 1011", connection, cause);
            connection.close(NettyCloseReasons.INTERNAL_ERROR);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!disconnected) {
            disconnected = true;
            manager.disconnect(connection.id(), connection.closeReasonOrNormal());
        }
        super.channelInactive(ctx);
    }
}
