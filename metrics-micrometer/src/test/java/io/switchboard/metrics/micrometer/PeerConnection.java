package io.switchboard.metrics.micrometer;

import io.switchboard.core.CloseReason;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.spi.Connection;
import io.switchboard.core.spi.TextFrame;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A connection SPI double for these tests: writes complete at once (or never, when held), pings
 * are answered with a pong at once, closes are recorded. Thread-safe. It is a connection, never a
 * manager.
 */
final class PeerConnection implements Connection {

    private final ConnectionId id = ConnectionId.random();
    private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final AtomicReference<CloseReason> closed = new AtomicReference<>();
    private final WebSocketManager manager;
    private final boolean holdWrites;

    PeerConnection(WebSocketManager manager, boolean holdWrites) {
        this.manager = manager;
        this.holdWrites = holdWrites;
    }

    @Override
    public ConnectionId id() {
        return id;
    }

    @Override
    public Optional<InetSocketAddress> remoteAddress() {
        return Optional.empty();
    }

    @Override
    public boolean isOpen() {
        return closed.get() == null;
    }

    @Override
    public CompletableFuture<Void> send(TextFrame frame) {
        if (holdWrites) {
            return new CompletableFuture<>();
        }
        frames.add(frame.text());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> sendPing(ByteBuffer payload) {
        ByteBuffer echo = payload.duplicate();
        CompletableFuture.runAsync(() -> manager.onPong(id, echo));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(CloseReason reason) {
        closed.compareAndSet(null, reason);
    }

    @Override
    public ConcurrentMap<String, Object> attributes() {
        return attributes;
    }

    Optional<CloseReason> closeReason() {
        return Optional.ofNullable(closed.get());
    }

    List<String> frames() {
        return List.copyOf(frames);
    }
}
