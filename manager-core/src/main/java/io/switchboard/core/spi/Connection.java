package io.switchboard.core.spi;

import io.switchboard.core.CloseReason;
import io.switchboard.core.id.ConnectionId;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;

/**
 * One open WebSocket, as a transport adapter presents it to the manager. Transports implement
 * this; applications normally never see it.
 *
 * <h2>Lifecycle</h2>
 * A transport creates a connection after a successful upgrade, hands it to
 * {@code WebSocketManager.connect}, feeds every received frame to the manager, and calls
 * {@code WebSocketManager.disconnect} once the socket has closed, whichever side closed it. After
 * {@link #close(CloseReason)} or a peer close, {@link #isOpen()} returns {@code false} for good.
 *
 * <h2>Threading</h2>
 * Every method may be called from any thread and must not block on I/O. The manager never has more
 * than one {@link #send(TextFrame)} outstanding per connection: it waits for the returned future
 * before it sends the next frame, so a transport need not queue frames of its own. Completion
 * callbacks may run on any thread, including inline from {@code send}.
 */
public interface Connection {

    /**
     * This connection's identity, fixed for its whole life.
     *
     * @return the id
     */
    ConnectionId id();

    /**
     * The peer's address, if the transport knows it.
     *
     * @return the remote address, or empty
     */
    Optional<InetSocketAddress> remoteAddress();

    /**
     * Whether frames can still be sent.
     *
     * @return {@code false} once the connection is closing or closed
     */
    boolean isOpen();

    /**
     * Starts sending one text frame and returns at once.
     *
     * @param frame the encoded frame; shared with other connections, so it must not be modified
     * @return a future completed when the frame has been written to the socket, or completed
     *     exceptionally if it could not be (for example because the connection closed)
     */
    CompletableFuture<Void> send(TextFrame frame);

    /**
     * Starts sending a WebSocket ping control frame and returns at once. The peer's pong is
     * reported through {@code WebSocketManager.onPong}.
     *
     * @param payload at most 125 bytes that the peer echoes in its pong
     * @return a future completed when the ping has been written, or exceptionally if it could not
     *     be
     */
    CompletableFuture<Void> sendPing(ByteBuffer payload);

    /**
     * Starts the closing handshake with {@code reason} and returns at once. Idempotent: calls
     * after the first, or on a connection the peer already closed, do nothing.
     *
     * @param reason the close code and reason sent to the peer
     */
    void close(CloseReason reason);

    /**
     * The WebSocket subprotocol the transport selected in its handshake answer (it echoed it in
     * {@code Sec-WebSocket-Protocol} of the 101), which picks the connection's wire profile:
     * {@code ag-ui} for AG-UI events, none for Switchboard's protocol v1. Transports select with
     * {@code Subprotocols.select(request)}; fixed for the connection's life.
     *
     * @return the selected subprotocol, or empty (the default) when none was
     */
    default Optional<String> subprotocol() {
        return Optional.empty();
    }

    /**
     * The thread that writes this connection's frames, if the transport has one (Netty's event
     * loop, Undertow's I/O thread): a {@link #send} made on it goes straight to the socket, while
     * one made elsewhere is handed to it. When one event goes to many connections, the manager
     * starts their writes with one task per such thread rather than one hand-over per
     * connection. Fixed for the connection's life; tasks given to it must not block.
     *
     * @return the executor of the writing thread, or empty (the default): writes then start on
     *     the thread that sends
     */
    default Optional<Executor> writer() {
        return Optional.empty();
    }

    /**
     * Attributes the application or transport attached to this connection (for example the
     * authenticated principal). Thread-safe; lives as long as the connection.
     *
     * @return the mutable, concurrent attribute map
     */
    ConcurrentMap<String, Object> attributes();
}
