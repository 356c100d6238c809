package io.switchboard.transport.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a channel that has not completed its WebSocket upgrade within the handshake timeout,
 * counted from the moment TCP is open: a client that connects and then sends nothing, or only part
 * of a request, is dropped. The handshake stage removes this handler once the upgrade succeeds,
 * which cancels the timer.
 */
final class HandshakeTimeout extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeTimeout.class);

    private final Duration timeout;
    private ScheduledFuture<?> timer;

    HandshakeTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // An accepted channel is usually active before its pipeline is built.
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void start(ChannelHandlerContext ctx) {
        if (timer != null) {
            return;
        }
        timer = ctx.executor().schedule(() -> {
            LOG.debug("{}: no WebSocket upgrade within {}, closing", ctx.channel().remoteAddress(), timeout);
            ctx.channel().close();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
