package io.switchboard.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The permessage-deflate (RFC 7692) decoder, bounded: it stops inflating a message as soon as its
 * inflated size passes {@code maxMessageBytes} and fails with 1009, so a few kilobytes of
 * compressed zeros cannot grow into megabytes. Netty 4.1.115's own {@code PerMessageDeflateDecoder}
 * inflates a whole frame into memory with no limit, which is why this class exists.
 *
 * <p>Keeps one {@link Inflater} for the connection's life, which is correct whether or not the
 * client takes over its compression context between messages. Event-loop confined.
 */
final class BoundedInflater extends WebSocketExtensionDecoder {

    private static final int CHUNK = 8192;

    // RFC 7692 7.2.2: the sender strips this empty stored block from the end of each message.
    // Per instance rather than static: an array is never immutable.
    private final byte[] tail = {0x00, 0x00, (byte) 0xff, (byte) 0xff};

    private final int maxMessageBytes;
    private final Inflater inflater = new Inflater(true);
    private boolean compressedMessage;
    private long inflatedBytes;
    private boolean failed;
    private boolean ended;

    BoundedInflater(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
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
            inflatedBytes = 0;
        }
        if (!compressedMessage) {
            out.add(frame.retain());
            return;
        }
        ByteBuf inflated = ctx.alloc().heapBuffer();
        try {
            inflate(frame.content().nioBuffer(), inflated);
            if (frame.isFinalFragment()) {
                inflate(ByteBuffer.wrap(tail), inflated);
                if (inflater.finished()) {
                    // The client ended its deflate stream (BFINAL); the next message starts a new one.
                    inflater.reset();
                }
            }
        } catch (RuntimeException e) {
            inflated.release();
            failed = true;
            throw e;
        }
        int rsv = frame.rsv() & ~WebSocketExtension.RSV1;
        boolean fin = frame.isFinalFragment();
        if (frame instanceof TextWebSocketFrame) {
            out.add(new TextWebSocketFrame(fin, rsv, inflated));
        } else if (frame instanceof BinaryWebSocketFrame) {
            out.add(new BinaryWebSocketFrame(fin, rsv, inflated));
        } else {
            out.add(new ContinuationWebSocketFrame(fin, rsv, inflated));
        }
    }

    private void inflate(ByteBuffer input, ByteBuf out) {
        if (inflater.finished()) {
            return; // after BFINAL the rest of the message carries nothing
        }
        inflater.setInput(input);
        try {
            while (true) {
                // Never ask for more than one byte past the limit: the bound holds inside a frame.
                int room = (int) Math.min(CHUNK, maxMessageBytes - inflatedBytes + 1);
                out.ensureWritable(room);
                int n = inflater.inflate(out.array(), out.arrayOffset() + out.writerIndex(), room);
                out.writerIndex(out.writerIndex() + n);
                inflatedBytes += n;
                if (inflatedBytes > maxMessageBytes) {
                    throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                            "inflated message exceeds " + maxMessageBytes + " bytes");
                }
                if (n == 0) {
                    // Out of input, at the end of the stream, or stuck on a preset dictionary,
                    // which permessage-deflate never uses.
                    if (inflater.needsDictionary()) {
                        throw new CorruptedWebSocketFrameException(
                                WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "deflate data needs a dictionary");
                    }
                    return;
                }
            }
        } catch (DataFormatException e) {
            throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_PAYLOAD_DATA,
                    "invalid deflate data", e);
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
