package io.switchboard.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.switchboard.core.spi.BoundedInflater;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The permessage-deflate (RFC 7692) decoder, bounded: Netty's frames go through core's
 * {@link BoundedInflater}, which stops inflating a message once its size passes
 * {@code maxMessageBytes}; this decoder then fails with 1009, so a few kilobytes of compressed
 * zeros cannot grow into megabytes. Data that does not inflate fails with 1007. Netty's own
 * {@code PerMessageDeflateDecoder} inflates a whole frame into memory with no limit, which is why
 * this class exists; it keeps only what speaks Netty's API.
 *
 * <p>Event-loop confined; the inflater is ended when the handler leaves the pipeline or the
 * channel closes.
 */
final class InflatingDecoder extends WebSocketExtensionDecoder {

    private final BoundedInflater inflater;
    private boolean compressedMessage;
    private boolean failed;
    private boolean ended;

    InflatingDecoder(int maxMessageBytes) {
        this.inflater = new BoundedInflater(maxMessageBytes);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        boolean dataFrame = frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame
                || frame instanceof ContinuationWebSocketFrame;
        if (!dataFrame) {
            // Control frames are never compressed, and the peer's close must get through even
            // after a failure so that the closing handshake can finish.
            out.add(frame.retain());
            return;
        }
        if (failed || ended) {
            return; // the connection is closing; drop the data that still arrives
        }
        if (!(frame instanceof ContinuationWebSocketFrame)) {
            compressedMessage = (frame.rsv() & WebSocketExtension.RSV1) != 0;
        }
        if (!compressedMessage) {
            out.add(frame.retain());
            return;
        }
        ByteBuffer inflated;
        try {
            inflated = inflater.inflate(frame.content().nioBuffer(), frame.isFinalFragment());
        } catch (BoundedInflater.InvalidDataException e) {
            failed = true;
            throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_PAYLOAD_DATA,
                    "invalid deflate data");
        }
        if (inflater.overflowed()) {
            failed = true;
            throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                    "inflated message too big");
        }
        int rsv = frame.rsv() & ~WebSocketExtension.RSV1;
        boolean fin = frame.isFinalFragment();
        ByteBuf content = Unpooled.wrappedBuffer(inflated);
        if (frame instanceof TextWebSocketFrame) {
            out.add(new TextWebSocketFrame(fin, rsv, content));
        } else if (frame instanceof BinaryWebSocketFrame) {
            out.add(new BinaryWebSocketFrame(fin, rsv, content));
        } else {
            out.add(new ContinuationWebSocketFrame(fin, rsv, content));
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        end();
        super.handlerRemoved(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        end();
        super.channelInactive(ctx);
    }

    private void end() {
        if (!ended) {
            ended = true;
            inflater.end(); // frees the native zlib state now rather than at garbage collection
        }
    }
}
