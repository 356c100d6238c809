package io.switchboard.transport.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running Netty server serving a {@link WebSocketManager}'s endpoint, as
 * {@link SwitchboardNetty#start} returns it: one WebSocket path, authenticated and origin-checked
 * before the upgrade, with the message size limit, handshake and idle timeouts and optional
 * bounded permessage-deflate of {@link TransportSettings}.
 *
 * <h2>Threading</h2>
 * Each connection belongs to one Netty event loop, which runs the authenticator during the
 * handshake and makes every call into the manager for that connection ({@code connect},
 * {@code onText}, {@code onBinary}, {@code onPong}, {@code onActivity}, {@code disconnect}), in the
 * order its frames arrived. The authenticator and the manager's inbound handler must therefore not
 * block. The manager's sends may come from any thread; Netty moves the writes onto the event loop.
 *
 * <h2>Lifecycle</h2>
 * {@link SwitchboardNetty#start} binds and returns once the port is open. {@link #close()} stops
 * accepting, closes the open WebSockets with 1001 (the manager learns of each through
 * {@code disconnect}), then stops the event loops and waits for their threads to end. Closing the
 * server does not close the manager: close the manager first to flush its queues, then the server.
 */
public final class NettyWebSocketServer implements AutoCloseable {

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    // Netty stops accepting writes into a channel's outbound buffer above the high mark. The manager
    // keeps one frame in flight per connection, so this only bounds control frames and one message.
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final WebSocketChannelInitializer initializer;
    private final NettyIo io;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NettyWebSocketServer(EventLoopGroup acceptor, EventLoopGroup workers,
            Channel serverChannel, WebSocketChannelInitializer initializer, NettyIo io) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.initializer = initializer;
        this.io = io;
    }

    // SwitchboardNetty.start, the public entry point, documents it.
    static NettyWebSocketServer start(WebSocketManager manager, TransportSettings settings,
            InetSocketAddress bindAddress, NettyIo io) throws IOException {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(io, "io");
        if (!io.isAvailable()) {
            throw new IllegalStateException("Netty I/O engine " + io + " is not available here");
        }
        WebSocketChannelInitializer initializer = new WebSocketChannelInitializer(manager, settings);
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("switchboard-netty-accept"), io.handlerFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0,
                new DefaultThreadFactory("switchboard-netty"), io.handlerFactory());
        ChannelFuture bound = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(io.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(initializer)
                .bind(bindAddress)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            stop(acceptor, workers);
            Throwable cause = bound.cause();
            throw cause instanceof IOException failure ? failure
                    : new IOException("could not bind " + bindAddress, cause);
        }
        return new NettyWebSocketServer(acceptor, workers, bound.channel(), initializer, io);
    }

    /**
     * The I/O engine this server's event loops run on.
     *
     * @return the engine chosen at start
     */
    public NettyIo io() {
        return io;
    }

    /**
     * The address the server listens on.
     *
     * @return the bound address, with the actual port
     */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /**
     * The port the server listens on, useful after binding port 0.
     *
     * @return the bound port
     */
    public int port() {
        return localAddress().getPort();
    }

    /**
     * Stops accepting, closes open WebSockets with 1001, stops the event loops and waits for their
     * threads to end (a few seconds at most). Idempotent; call it from any thread except one of
     * this server's event loops.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        serverChannel.close().awaitUninterruptibly();
        initializer.closeAll(CloseReason.GOING_AWAY, CLOSE_GRACE);
        stop(acceptor, workers);
    }

    private static void stop(EventLoopGroup acceptor, EventLoopGroup workers) {
        // No quiet period: nothing new arrives once the server channel is closed.
        var acceptorDone = acceptor.shutdownGracefully(0, CLOSE_GRACE.toSeconds(), TimeUnit.SECONDS);
        var workersDone = workers.shutdownGracefully(0, CLOSE_GRACE.toSeconds(), TimeUnit.SECONDS);
        acceptorDone.awaitUninterruptibly();
        workersDone.awaitUninterruptibly();
    }

    @Override
    public String toString() {
        return "NettyWebSocketServer[" + serverChannel.localAddress() + ", " + io + "]";
    }
}
