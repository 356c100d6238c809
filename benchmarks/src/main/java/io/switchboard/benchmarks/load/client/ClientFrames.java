package io.switchboard.benchmarks.load.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.switchboard.benchmarks.load.server.BenchWire;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;

/**
 * One client connection's frames. The first frame is the welcome; a stream client then subscribes
 * and waits for the answer; from then on every frame carrying a timestamp is an event, recorded
 * in {@link Arrivals}. Runs on the connection's event loop only.
 */
final class ClientFrames extends SimpleChannelInboundHandler<TextWebSocketFrame> {

    private final byte[] marker;
    private final Arrivals arrivals;
    private final boolean subscribe;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private boolean welcomed;
    // Set when the client itself closes the connection; event loop only.
    private boolean closing;

    ClientFrames(byte[] marker, Arrivals arrivals, boolean subscribe) {
        this.marker = marker;
        this.arrivals = arrivals;
        this.subscribe = subscribe;
    }

    /** Completes once the connection is welcomed (and subscribed), fails if it closes first. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, TextWebSocketFrame frame) {
        long now = System.nanoTime();
        ByteBuf content = frame.content();
        int at = indexOf(content);
        if (at >= 0) {
            arrivals.record(parseLong(content, at + marker.length), now);
            return;
        }
        if (!welcomed) {
            welcomed = true;
            if (subscribe) {
                context.writeAndFlush(new TextWebSocketFrame(BenchWire.SUBSCRIBE));
            } else {
                ready.complete(null);
            }
            return;
        }
        // The only other frame a client waits for is the answer to its subscribe.
        ready.complete(null);
    }

    /** The client is about to close the connection itself: not a drop. Event loop only. */
    void closing() {
        closing = true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (ready.isDone() && !closing) {
            arrivals.droppedByServer();
        }
        ready.completeExceptionally(new ClosedChannelException());
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        ready.completeExceptionally(cause);
        context.close();
    }

    private int indexOf(ByteBuf content) {
        int end = content.writerIndex() - marker.length;
        outer:
        for (int i = content.readerIndex(); i <= end; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (content.getByte(i + j) != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static long parseLong(ByteBuf content, int from) {
        long value = 0;
        for (int i = from; i < content.writerIndex(); i++) {
            byte digit = content.getByte(i);
            if (digit < '0' || digit > '9') {
                break;
            }
            value = value * 10 + (digit - '0');
        }
        return value;
    }
}
