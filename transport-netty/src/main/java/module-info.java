/**
 * Switchboard's Netty transport: serves the manager's WebSocket endpoint on netty-codec-http.
 * Exports only the entry point's package; the handlers inside it are package-private.
 */
module io.switchboard.transport.netty {
    requires transitive io.switchboard.core;
    // ChannelInitializer and SocketChannel appear in the public API
    // (SwitchboardNetty.channelInitializer).
    requires transitive io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport.classes.epoll;
    requires org.slf4j;

    exports io.switchboard.transport.netty;
}
