/**
 * Netty transport: serves the manager's WebSocket endpoint on netty-codec-http.
 *
 * <p>The only public type is {@link io.switchboard.transport.netty.NettyWebSocketServer}: start a
 * server with its own event loops, or take its channel initializer into your own
 * {@code ServerBootstrap}. Everything else here (the handshake stage, the connection, the frame
 * handler, the bounded permessage-deflate decoder) is package-private and may change without
 * notice.
 *
 * <p>Threading: each connection's event loop runs the authenticator and makes every call into the
 * manager for that connection, in frame order. Backpressure: a send's future completes only once
 * Netty has written the frame to the socket, and the manager keeps one send in flight per
 * connection, so a client that stops reading holds one pending write here and the rest waits in the
 * manager's bounded queue.
 */
package io.switchboard.transport.netty;
