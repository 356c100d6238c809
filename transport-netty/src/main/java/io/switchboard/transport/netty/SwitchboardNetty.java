package io.switchboard.transport.netty;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The entry point of the Netty transport (netty-codec-http): {@link #start} runs a server with its
 * own event loops, {@link #channelInitializer} gives the pipeline to an application's own
 * {@code ServerBootstrap}. Either serves one WebSocket path, authenticated and origin-checked
 * before the upgrade, with the message size limit, handshake and idle timeouts and optional
 * bounded permessage-deflate of {@link TransportSettings}.
 *
 * <pre>{@code
 * WebSocketManager manager = WebSocketManager.builder().build();
 * TransportSettings settings = TransportSettings.builder(request -> authenticate(request)).build();
 * try (NettyWebSocketServer server =
 *         SwitchboardNetty.start(manager, settings, new InetSocketAddress(8080))) {
 *     // clients connect to ws://host:8080/ws
 * }
 * }</pre>
 *
 * <p>The threading and lifecycle contract is on {@link NettyWebSocketServer}. Stateless; every
 * method may be called from any thread.
 */
public final class SwitchboardNetty {

    private SwitchboardNetty() {
    }

    /**
     * Starts a server with its own event loops (one acceptor thread, Netty's default number of
     * worker threads) on the {@linkplain NettyIo#preferred() preferred} I/O engine, and binds it.
     *
     * @param manager the manager that owns the connections
     * @param settings authentication, origin policy, path, limits and timeouts
     * @param bindAddress where to listen; port 0 picks a free port (see
     *     {@link NettyWebSocketServer#port()})
     * @return the running server; {@code close()} it when done (the manager is not closed)
     * @throws IOException if the address cannot be bound; no thread is left running
     */
    public static NettyWebSocketServer start(WebSocketManager manager, TransportSettings settings,
            InetSocketAddress bindAddress) throws IOException {
        return start(manager, settings, bindAddress, NettyIo.preferred());
    }

    /**
     * Starts a server as {@link #start(WebSocketManager, TransportSettings, InetSocketAddress)}
     * does, on the named I/O engine.
     *
     * @param manager the manager that owns the connections
     * @param settings authentication, origin policy, path, limits and timeouts
     * @param bindAddress where to listen; port 0 picks a free port (see
     *     {@link NettyWebSocketServer#port()})
     * @param io the I/O engine
     * @return the running server; {@code close()} it when done (the manager is not closed)
     * @throws IOException if the address cannot be bound; no thread is left running
     * @throws IllegalStateException if {@code io} is not available here
     */
    public static NettyWebSocketServer start(WebSocketManager manager, TransportSettings settings,
            InetSocketAddress bindAddress, NettyIo io) throws IOException {
        return NettyWebSocketServer.start(manager, settings, bindAddress, io);
    }

    /**
     * The channel initializer for applications that run their own {@code ServerBootstrap} (their
     * event loops, TLS in front, other routes): it installs this transport's whole pipeline on each
     * accepted channel. Add an {@code SslHandler} before it for {@code wss://}. The application
     * owns the event loops and shuts them down.
     *
     * @param manager the manager that owns the connections
     * @param settings authentication, origin policy, path, limits and timeouts
     * @return a sharable initializer, one per server
     */
    public static ChannelInitializer<SocketChannel> channelInitializer(WebSocketManager manager,
            TransportSettings settings) {
        return new WebSocketChannelInitializer(manager, settings);
    }
}
