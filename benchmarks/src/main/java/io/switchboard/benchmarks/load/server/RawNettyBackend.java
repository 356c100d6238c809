package io.switchboard.benchmarks.load.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline: a WebSocket server written directly on Netty, with the same Netty version, event
 * loops and socket options as Switchboard's Netty adapter, that knows its one event shape. It
 * answers the handshake, sends a pre-encoded welcome, answers a subscribe, and writes each event
 * with one {@code writeAndFlush} to the user's channel. Fan-out is measured both as one
 * {@code writeAndFlush} per channel from the caller and "batched": one task per event loop that
 * writes to that loop's channels, the floor for any fan-out.
 */
final class RawNettyBackend implements Backend {

    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final NettyLoops loops;
    private final Channel server;
    private final RawFrames frames = new RawFrames();
    private final Map<String, Channel> byUser = new ConcurrentHashMap<>();
    private final Map<EventLoop, Set<Channel>> byLoop = new ConcurrentHashMap<>();
    private final byte[] welcome = frames.welcome();
    private final byte[] subscribed = frames.subscribed();
    // Written by prepareUsers on the command thread, read by the emission threads it then starts.
    private Channel[] users = new Channel[0];
    private RawStreams streams = new RawStreams(frames, 0);

    RawNettyBackend() {
        loops = NettyLoops.create("raw-netty");
        server = new ServerBootstrap()
                .group(loops.acceptor(), loops.workers())
                .channel(loops.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(),
                                new HttpObjectAggregator(1024),
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig
                                        .newBuilder().websocketPath("/ws").build()),
                                new FrameHandler());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    /** Registers upgraded channels, answers subscribe frames. */
    private final class FrameHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
                String user = handshake.requestHeaders().get(BenchWire.USER_HEADER);
                Channel channel = context.channel();
                if (user == null) {
                    channel.close();
                    return;
                }
                byUser.put(user, channel);
                byLoop.computeIfAbsent(channel.eventLoop(), loop -> ConcurrentHashMap.newKeySet())
                        .add(channel);
                channel.closeFuture().addListener(closed -> {
                    byUser.remove(user, channel);
                    byLoop.get(channel.eventLoop()).remove(channel);
                });
                channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(welcome)));
            } else {
                context.fireUserEventTriggered(event);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, TextWebSocketFrame frame) {
            // The client sends only subscribe frames.
            context.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(subscribed)));
        }
    }

    @Override
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void prepareUsers(int count) {
        users = new Channel[count];
        for (int i = 0; i < count; i++) {
            users[i] = byUser.get(BenchWire.streamUser(i));
        }
        streams = new RawStreams(frames, count);
    }

    @Override
    public void emit(int user, long stampNanos) {
        Channel channel = users[user];
        byte[] frame = streams.next(user, stampNanos);
        if (channel != null) {
            channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)));
        }
    }

    @Override
    public void broadcast(long stampNanos, boolean batched) {
        ByteBuf frame = Unpooled.wrappedBuffer(frames.broadcastEvent(stampNanos));
        if (!batched) {
            for (Channel channel : byUser.values()) {
                channel.writeAndFlush(new TextWebSocketFrame(frame.retainedDuplicate()));
            }
        } else {
            byLoop.forEach((loop, channels) -> {
                List<Channel> targets = new ArrayList<>(channels);
                // Each task holds its own reference until it has written to its channels.
                frame.retain();
                loop.execute(() -> {
                    try {
                        for (Channel channel : targets) {
                            channel.writeAndFlush(new TextWebSocketFrame(frame.retainedDuplicate()));
                        }
                    } finally {
                        frame.release();
                    }
                });
            });
        }
        frame.release();
    }

    @Override
    public int connections() {
        return byUser.size();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        loops.close();
    }
}
