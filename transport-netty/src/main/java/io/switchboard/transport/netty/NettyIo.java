package io.switchboard.transport.netty;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The I/O engine under a {@link NettyWebSocketServer}'s event loops.
 *
 * <p>{@link #preferred()} picks {@link #EPOLL} where Netty's native epoll transport loads (Linux,
 * with the {@code netty-transport-native-epoll} file for the machine's architecture on the class
 * path; this module brings the {@code linux-x86_64} one) and {@link #NIO} everywhere else. Both
 * carry the same pipeline: the choice changes system calls, never behaviour. Immutable constants;
 * thread-safe.
 */
public enum NettyIo {

    /** Linux's epoll through Netty's native transport: fewer copies and system calls than NIO. */
    EPOLL {
        @Override
        IoHandlerFactory handlerFactory() {
            return EpollIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return EpollServerSocketChannel.class;
        }

        @Override
        public boolean isAvailable() {
            return Epoll.isAvailable();
        }
    },

    /** The JDK's selector-based NIO: available on every platform. */
    NIO {
        @Override
        IoHandlerFactory handlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return NioServerSocketChannel.class;
        }

        @Override
        public boolean isAvailable() {
            return true;
        }
    };

    /**
     * The engine a server uses when none is named: epoll where it loads, NIO otherwise.
     *
     * @return {@link #EPOLL} if available, else {@link #NIO}
     */
    public static NettyIo preferred() {
        return EPOLL.isAvailable() ? EPOLL : NIO;
    }

    /**
     * Whether this engine can run here.
     *
     * @return {@code true} if a server can be started on it
     */
    public abstract boolean isAvailable();

    abstract IoHandlerFactory handlerFactory();

    abstract Class<? extends ServerChannel> serverChannel();
}
