package io.switchboard.transport.netty;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.timeout.IdleStateEvent;
import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an upgraded channel: turns complete frames into manager calls on the
 * channel's event loop, closes on decoder errors and idleness, and tells the manager exactly once
 * that the socket closed.
 *
 * <p>Fragmented messages are joined by Netty's {@link WebSocketFrameAggregator}, put in front of
 * this handler when the first fragment arrives: most clients never fragment, and an idle
 * connection should not carry an aggregator and its pipeline context. Netty's frame decoder
 * refuses a continuation outside a fragmented message and a new message inside one (1002), so
 * everything from that first fragment on passes through the aggregator.
 */
final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(FrameHandler.class);
    private static final String AGGREGATOR = "ws-aggregator";

    private final WebSocketManager manager;
    private final NettyConnection connection;
    private final int maxMessageBytes;
    private boolean disconnected;

    /** @param maxMessageBytes the largest message the fragments of one may add up to */
    FrameHandler(WebSocketManager manager, NettyConnection connection, int maxMessageBytes) {
        this.manager = manager;
        this.connection = connection;
        this.maxMessageBytes = maxMessageBytes;
    }

    NettyConnection connection() {
        return connection;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (connection.isFailed()) {
            return; // failed on a protocol error: nothing more is read from this peer
        }
        if (!connection.isOpen() && !(frame instanceof CloseWebSocketFrame)) {
            // Closing (the manager cut off a flood, for one): only the peer's close answer still
            // matters, and the event loop, shared with other connections, spends nothing more.
            return;
        }
        if (frame.rsv() != 0) {
            // Reserved bits left set: no negotiated extension consumed them.
            fail(CloseReason.PROTOCOL_ERROR);
        } else if (!frame.isFinalFragment()) {
            joinFragments(ctx, frame);
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
            if (close.statusCode() >= 0 && !CloseReason.isValidOnWire(close.statusCode())) {
                // Netty's decoder lets codes of 5000 and above through; RFC 6455 defines none.
                fail(CloseReason.PROTOCOL_ERROR);
            } else {
                connection.onPeerClose(close);
            }
        }
        // Continuation frames never get here: the aggregator before this handler joins them.
    }

    // The first fragment of a message, seen before any aggregator was needed: from now on one
    // joins the fragments in front of this handler, starting with this one.
    private void joinFragments(ChannelHandlerContext ctx, WebSocketFrame first) {
        WebSocketFrameAggregator aggregator = new WebSocketFrameAggregator(maxMessageBytes);
        ctx.pipeline().addBefore(ctx.name(), AGGREGATOR, aggregator);
        // Released by this handler when it returns; the aggregator takes its own reference.
        first.retain();
        try {
            aggregator.channelRead(ctx.pipeline().context(AGGREGATOR), first);
        } catch (Exception e) {
            ctx.pipeline().context(AGGREGATOR).fireExceptionCaught(e);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            connection.close(CloseReason.IDLE_TIMEOUT);
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // The peer decides what arrives here: nothing of it is logged above debug, so no client
        // can flood the log (a TCP drop inside a fragmented message, for one, lands here).
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            // Netty's decoder discards everything after a violation, the peer's close answer
            // included: fail the connection (close frame, then TCP) as RFC 6455 7.1.7 allows.
            fail(forStatus(corrupted.closeStatus().code()));
        } else if (cause instanceof TooLongFrameException) {
            // The frame aggregator's limit: the fragments of one message add up to too much.
            connection.close(CloseReason.MESSAGE_TOO_BIG);
        } else if (!ctx.channel().isActive() || cause instanceof IOException) {
            LOG.debug("{}: I/O error or closed channel, closing: {}", connection, cause.toString());
            ctx.close();
        } else if (cause instanceof DecoderException) {
            LOG.debug("{}: undecodable input, failing with 1002: {}", connection, cause.toString());
            fail(CloseReason.PROTOCOL_ERROR);
        } else {
            LOG.warn("{}: unexpected {}, closing with 1011", connection, cause.getClass().getName());
            LOG.debug("{}: unexpected failure", connection, cause);
            connection.close(CloseReason.INTERNAL_ERROR);
        }
    }

    // The manager forgets the connection at once; the socket ends when the peer closes its side.
    private void fail(CloseReason reason) {
        connection.fail(reason);
        if (!disconnected) {
            disconnected = true;
            manager.disconnect(connection.id(), reason);
        }
    }

    // A close status raised by one of Netty's decoders, as the reason this transport sends.
    private static CloseReason forStatus(int code) {
        return switch (code) {
            case 1009 -> CloseReason.MESSAGE_TOO_BIG;
            case 1007 -> CloseReason.INVALID_PAYLOAD;
            case 1002 -> CloseReason.PROTOCOL_ERROR;
            default -> CloseReason.INTERNAL_ERROR;
        };
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!disconnected) {
            disconnected = true;
            manager.disconnect(connection.id(), connection.closeReason());
        }
        super.channelInactive(ctx);
    }
}
