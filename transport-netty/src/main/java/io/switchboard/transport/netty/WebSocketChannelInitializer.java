package io.switchboard.transport.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Builds each accepted channel's pipeline. Before the upgrade:
 * {@code handshake-timeout → http (HttpServerCodec) → http-aggregator → [deflate] → handshake}.
 * After it, Netty's handshaker puts its frame decoder and encoder where the HTTP codec was and the
 * handshake stage is replaced by {@code ws-utf8 → ws-aggregator → [ws-idle] → ws-frames}.
 *
 * <p>Remembers its open channels so that a server it belongs to can close them on stop.
 */
final class WebSocketChannelInitializer extends ChannelInitializer<SocketChannel> {

    // Upgrade requests carry no body; anything larger is not one.
    private static final int MAX_REQUEST_BODY_BYTES = 1024;

    private final WebSocketManager manager;
    private final TransportSettings settings;
    private final WebSocketDecoderConfig decoderConfig;
    // Shared by this initializer's connections: each event loop's last frame.
    private final LoopFrames loopFrames = new LoopFrames();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    // One listener for every channel rather than one per channel.
    private final ChannelFutureListener forget = closed -> channels.remove(closed.channel());

    WebSocketChannelInitializer(WebSocketManager manager, TransportSettings settings) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(maxWireFrameBytes(settings))
                .allowExtensions(settings.permessageDeflate())
                // The frame stage closes with the right code, through one close path.
                .closeOnProtocolViolation(false)
                .build();
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channels.add(channel);
        channel.closeFuture().addListener(forget);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("handshake-timeout", new HandshakeTimeout(settings.handshakeTimeout()));
        pipeline.addLast("http", new HttpServerCodec());
        pipeline.addLast("http-aggregator", new HttpObjectAggregator(MAX_REQUEST_BODY_BYTES));
        if (settings.permessageDeflate()) {
            pipeline.addLast("deflate", new WebSocketServerExtensionHandler(
                    new BoundedDeflateHandshaker(settings.maxMessageBytes())));
        }
        pipeline.addLast("handshake", new HandshakeHandler(manager, settings, decoderConfig, loopFrames));
    }

    /**
     * Closes every channel this initializer set up, upgraded ones with a close frame carrying
     * {@code reason}, and waits until they are closed or {@code grace} has passed.
     */
    void closeAll(CloseReason reason, Duration grace) {
        List<Channel> open = List.copyOf(channels);
        for (Channel channel : open) {
            FrameHandler frames = channel.pipeline().get(FrameHandler.class);
            if (frames != null) {
                frames.connection().close(reason);
            } else {
                channel.close();
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (Channel channel : open) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !channel.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                break;
            }
        }
    }

    /**
     * The largest frame accepted on the wire. Without compression it is the message limit itself;
     * with permessage-deflate a message at the limit may grow slightly when deflated
     * (incompressible data), and the real bound is applied after inflating.
     */
    static int maxWireFrameBytes(TransportSettings settings) {
        long max = settings.maxMessageBytes();
        if (settings.permessageDeflate()) {
            max += max / 1000 + 64;
        }
        return (int) Math.min(Integer.MAX_VALUE, max);
    }
}
