package io.switchboard.benchmarks.load.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The event loops of a raw Netty server or of the load client, chosen like Switchboard's Netty
 * adapter chooses its own (today NIO, one acceptor thread and Netty's default number of workers),
 * so that the baseline differs from the adapter only in what the library adds. Not thread-safe to
 * create; the groups themselves are.
 */
public final class NettyLoops implements AutoCloseable {

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;

    private NettyLoops(EventLoopGroup acceptor, EventLoopGroup workers) {
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
        return new NettyLoops(new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory(name + "-accept"), NioIoHandler.newFactory()),
                new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory(name),
                        NioIoHandler.newFactory()));
    }

    /**
     * Client loops: no acceptor, {@code threads} workers.
     *
     * @param name the threads' name prefix
     * @param threads how many
     * @return the loops
     */
    public static NettyLoops client(String name, int threads) {
        return new NettyLoops(null, new MultiThreadIoEventLoopGroup(threads,
                new DefaultThreadFactory(name), NioIoHandler.newFactory()));
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
        return NioServerSocketChannel.class;
    }

    /**
     * The channel type for outgoing connections on these loops.
     *
     * @return the class
     */
    public Class<? extends SocketChannel> clientChannel() {
        return NioSocketChannel.class;
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
