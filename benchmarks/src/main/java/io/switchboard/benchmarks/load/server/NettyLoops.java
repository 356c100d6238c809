package io.switchboard.benchmarks.load.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.switchboard.transport.netty.NettyIo;
import java.util.concurrent.TimeUnit;

/**
 * The event loops of a raw Netty server or of the load client, chosen like Switchboard's Netty
 * adapter chooses its own: the I/O engine of {@link NettyIo#preferred()} (epoll where it loads,
 * NIO otherwise), one acceptor thread and Netty's default number of workers, so that the baseline
 * differs from the adapter only in what the library adds. Not thread-safe to create; the groups
 * themselves are.
 */
public final class NettyLoops implements AutoCloseable {

    private final NettyIo io;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;

    private NettyLoops(NettyIo io, EventLoopGroup acceptor, EventLoopGroup workers) {
        this.io = io;
        this.acceptor = acceptor;
        this.workers = workers;
    }

    /**
     * Server loops: one acceptor, Netty's default number of workers.
     *
     * @param name the threads' name prefix
     * @return the loops
     */
    public static NettyLoops create(String name) {
        NettyIo io = NettyIo.preferred();
        return new NettyLoops(io, group(io, 1, name + "-accept"), group(io, 0, name));
    }

    /**
     * Client loops: no acceptor, {@code threads} workers.
     *
     * @param name the threads' name prefix
     * @param threads how many
     * @return the loops
     */
    public static NettyLoops client(String name, int threads) {
        NettyIo io = NettyIo.preferred();
        return new NettyLoops(io, null, group(io, threads, name));
    }

    private static EventLoopGroup group(NettyIo io, int threads, String name) {
        IoHandlerFactory handlers = io == NettyIo.EPOLL ? EpollIoHandler.newFactory()
                : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name), handlers);
    }

    /**
     * The I/O engine of these loops, the one the adapter picks here.
     *
     * @return the engine
     */
    public NettyIo io() {
        return io;
    }

    EventLoopGroup acceptor() {
        return acceptor;
    }

    /**
     * The loops connections run on.
     *
     * @return the group
     */
    public EventLoopGroup workers() {
        return workers;
    }

    Class<? extends ServerSocketChannel> serverChannel() {
        return io == NettyIo.EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /**
     * The channel type for outgoing connections on these loops.
     *
     * @return the class
     */
    public Class<? extends SocketChannel> clientChannel() {
        return io == NettyIo.EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Stops the loops and waits for their threads. */
    @Override
    public void close() {
        if (acceptor != null) {
            acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
